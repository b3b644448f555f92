package org.infohub.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentAnswerTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "agree|AGREED",
        "  Agree.  |AGREED",
        "\\n\\nagree\\nthanks|AGREED",
        "refuse|REFUSED",
        "release TOKEN\\nagree|AGREED",
        "release TOKEN\\n\\nrefuse|REFUSED",
        "Disagree\\nrelease TOKEN\\nagree|UNCLEAR",
        "I do not agree\\nagree|UNCLEAR",
        "release TOKEN\\nrelease TOKEN\\nagree|UNCLEAR",
        "release TOKEN please\\nagree|UNCLEAR",
        "|UNCLEAR",
        "agree to disagree|UNCLEAR",
        "同意|AGREED",
        "同意。|AGREED",
        "release TOKEN\\n拒絕|REFUSED",
        "不同意|UNCLEAR",
        "同意，但請刪去第二段|UNCLEAR"})
    void theAnswerShouldBeTheFirstLineTheOriginatorWrote(String written, Releases.Answer expected) {
        String text = written == null ? "" : written.replace("\\n", "\n").replace("TOKEN", TOKEN);
        assertThat(Releases.Answer.ofReply(text)).isEqualTo(expected);
    }
}

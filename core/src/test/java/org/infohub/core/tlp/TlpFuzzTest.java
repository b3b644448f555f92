package org.infohub.core.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading the TLP label (subject, body, label headers, attachment names) on any text. */
class TlpFuzzTest {

    @FuzzTest
    void readingShouldTakeAnyText(FuzzedDataProvider data) {
        String subject = data.consumeString(2_000);
        String header = data.consumeString(500);
        String attachment = data.consumeString(300);
        String body = data.consumeRemainingAsString();
        TlpClassifier.Reading r = TlpClassifier.read(subject, body, List.of(new TlpClassifier.Header("X-TLP", header)),
                List.of(attachment));
        assertThat(r).isNotNull();
        TlpClassifier.stripLabels(subject);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void readingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("TlpClassifier.read on " + shape, unit, text -> {
            TlpClassifier.read(text, text, List.of(new TlpClassifier.Header("X-TLP", text)), List.of(text));
            TlpClassifier.stripLabels(text);
        });
    }
}

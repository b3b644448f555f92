package org.infohub.core.kind;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Guessing a post's kind from its subject and text, on any text. */
class KindFuzzTest {

    @FuzzTest
    void guessingShouldTakeAnyText(FuzzedDataProvider data) {
        boolean reply = data.consumeBoolean();
        boolean indicators = data.consumeBoolean();
        String subject = data.consumeString(2_000);
        String body = data.consumeRemainingAsString();
        assertThat(Kind.classify(subject, body, reply, indicators, false)).isNotNull();
        Kind.parse(subject);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void guessingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("Kind.classify on " + shape, unit, text -> {
            Kind.classify(text, text, false, false, false);
            Kind.parse(text);
        });
    }
}

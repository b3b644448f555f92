package org.infohub.core.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redactor, the edits an administrator makes to a release and the reading of an originator's
 * answer to a consent request, on any text.
 */
class RedactorFuzzTest {
    private static final Redactor REDACTOR = new Redactor(List.of("Alice Wong", "First Bank of Example",
            "alice@first-bank.example", "陳大文"));

    @FuzzTest
    void redactingShouldTakeAnyText(FuzzedDataProvider data) {
        String edited = data.consumeString(5_000);
        String text = data.consumeRemainingAsString();
        String redacted = REDACTOR.redact(text);
        assertThat(redacted.toLowerCase(java.util.Locale.ROOT)).doesNotContain("alice@first-bank.example");
        List<String> removed = Edits.removed(text, edited);
        Edits.apply(text, removed);
        Edits.parse(edited);
        Releases.Answer.ofReply(text);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void redactingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("Redactor.redact on " + shape, unit, text -> {
            REDACTOR.redact(text);
            Releases.Answer.ofReply(text);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void applyingEditsShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("Edits.apply on " + shape, unit,
                text -> Edits.apply(text, List.of("Alice", "770 of our staff", unit.strip().isEmpty() ? "x" : unit)));
    }
}

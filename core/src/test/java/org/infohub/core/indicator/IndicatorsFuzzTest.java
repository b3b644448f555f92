package org.infohub.core.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.Set;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Indicator extraction, refanging and classification on a stranger's text: no exception escapes
 * and the cost is linear in the input. {@code .ci/run} fuzzes it for a bounded time; without
 * {@code JAZZER_FUZZ} the fuzz test replays the inputs kept under
 * {@code src/test/resources/org/infohub/core/indicator/IndicatorsFuzzTestInputs}.
 */
class IndicatorsFuzzTest {
    private static final Indicators INDICATORS = new Indicators("hub.example");
    private static final IndicatorClassifier CLASSIFIER = new IndicatorClassifier("hub.example");
    private static final IndicatorClassifier.Assets ASSETS =
            IndicatorClassifier.Assets.of(Set.of("bank-one.example"), Set.of("203.0.113.7"));

    @FuzzTest
    void extractionShouldReadAnyText(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        Indicators.refang(text);
        List<Indicators.Indicator> found = INDICATORS.extract(text);
        List<IndicatorClassifier.Classified> classified = CLASSIFIER.classify(found, ASSETS);
        assertThat(classified).hasSameSizeAs(found);
        for (Indicators.Indicator i : found) {
            assertThat(i.value()).isNotBlank();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void extractionShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("Indicators.extract on " + shape, unit,
                text -> CLASSIFIER.classify(INDICATORS.extract(text), ASSETS));
    }
}

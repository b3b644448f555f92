package org.infohub.core.sighting;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The sighting lines of a reply: read as people write them, quoted ones and signatures left alone. */
class SightingCommandsTest {

    @Test
    void theRepliesOwnLinesAreReadAndQuotedOnesAreNot() {
        String text = "Thanks.\n+seen 203.0.113.7 on two hosts\n  +FP evil.xyz\n+patched CVE-2026-1234\n+maybe 1.2.3.4\n"
                + "> +seen 198.51.100.9\n+seenx 1.1.1.1\n-- \n+seen 192.0.2.1 (signature)\n";
        assertThat(Sightings.commands(text)).extracting(c -> c.verdict().code() + " " + c.text()).containsExactly(
                "seen 203.0.113.7 on two hosts", "fp evil.xyz", "patched CVE-2026-1234");
        assertThat(Sightings.isSighting("Plain reply, +1 from us.")).isFalse();
        assertThat(Sightings.isSighting(null)).isFalse();
    }

    @Test
    void atMostAHundredCommandsAreRead() {
        assertThat(Sightings.commands("+seen 203.0.113.7\n".repeat(500))).hasSize(Sightings.MAX_COMMANDS);
    }

    @FuzzTest
    void anyTextIsReadWithoutFailing(FuzzedDataProvider data) {
        assertThat(Sightings.commands(data.consumeRemainingAsString()).size()).isLessThanOrEqualTo(Sightings.MAX_COMMANDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void readingTakesLinearTime(String shape, String unit) {
        LinearTime.assertLinear("Sightings.commands on " + shape, unit, Sightings::commands);
    }
}

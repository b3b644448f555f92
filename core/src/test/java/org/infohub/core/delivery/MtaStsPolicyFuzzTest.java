package org.infohub.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** MTA-STS policies as RFC 8461 writes them, and anything a stranger's web server may answer instead. */
class MtaStsPolicyFuzzTest {

    @Test
    void theRfcsExampleShouldBeRead() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\n"
                + "mx: *.example.net\r\nmx: backupmx.example.com\r\nmax_age: 604800\r\n").orElseThrow();
        assertThat(p.mode()).isEqualTo(MtaStsPolicy.Mode.ENFORCE);
        assertThat(p.mx()).isEqualTo(List.of("mail.example.com", "*.example.net", "backupmx.example.com"));
        assertThat(p.maxAgeSeconds()).isEqualTo(604800);
        assertThat(p.allows("mail.example.com")).isTrue();
        assertThat(p.allows("mx1.example.net")).isTrue();
        assertThat(p.allows("a.b.example.net")).as("a wildcard covers one label").isFalse();
        assertThat(p.allows("example.net")).isFalse();
        assertThat(p.allows("evil.example.org")).isFalse();
    }

    @Test
    void whatIsNotAPolicyShouldBeRefused() {
        assertThat(MtaStsPolicy.parse("mode: enforce\nmx: a.example\nmax_age: 1\n")).as("version first").isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmax_age: 1\n")).as("enforce needs mx").isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: strict\nmx: a.example\nmax_age: 1\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: a.example\nmax_age: -1\n")).isEmpty();
        assertThat(MtaStsPolicy.parse("<html>404</html>")).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\nmode: none\nmax_age: 86400\n")).isPresent();
    }

    @FuzzTest
    void parsingShouldTakeAnyText(FuzzedDataProvider data) {
        String text = data.consumeString(2000);
        String host = data.consumeRemainingAsString();
        MtaStsPolicy.parse(text).ifPresent(p -> {
            assertThat(p.maxAgeSeconds()).isBetween(0L, MtaStsPolicy.MAX_AGE);
            p.allows(host);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void parsingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("MtaStsPolicy.parse on " + shape, size -> "version: STSv1\nmode: enforce\nmax_age: 1\n"
                + LinearTime.repeat("mx: " + unit + "\n", size), MtaStsPolicy::parse);
    }
}

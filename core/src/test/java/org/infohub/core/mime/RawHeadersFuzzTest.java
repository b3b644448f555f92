package org.infohub.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Raw header octets from a stranger: any value decodes to text without an exception, in time
 * linear in its length, and UTF-8 and Big5 come back as written.
 */
class RawHeadersFuzzTest {

    private static String octets(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void utf8AndLegacyOctetsShouldComeBackAsWritten() {
        String text = "S\u00e9minaire r\u00e9gional \u7db2\u4e0a\u9280\u884c\u91e3\u9b5a\u653b\u64ca";
        assertThat(RawHeaders.decode(octets(text.getBytes(StandardCharsets.UTF_8)), Optional.empty())).isEqualTo(text);
        String chinese = "\u7db2\u4e0a\u9280\u884c \u8b66\u5831";
        Charset big5 = Charset.forName("Big5");
        assertThat(RawHeaders.decode(octets(chinese.getBytes(big5)), RawHeaders.charsetOf("text/plain; charset=\"big5\"")))
                .isEqualTo(chinese);
        assertThat(RawHeaders.decode(octets("caf\u00e9".getBytes(Charset.forName("windows-1252"))), Optional.empty()))
                .isEqualTo("caf\u00e9");
        assertThat(RawHeaders.decode("already \u7db2", Optional.empty())).isEqualTo("already \u7db2");
        assertThat(RawHeaders.needsDecoding("plain ascii")).isFalse();
    }

    @FuzzTest
    void decodingShouldTakeAnyOctets(FuzzedDataProvider data) {
        Optional<Charset> declared = RawHeaders.charsetOf(data.consumeString(60));
        String value = octets(data.consumeRemainingAsBytes());
        assertThat(RawHeaders.decode(value, declared)).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void decodingShouldTakeLinearTime(String shape, String unit) {
        Optional<Charset> big5 = Optional.of(Charset.forName("Big5"));
        // As UTF-8 octets (valid), and as octets that are not UTF-8 (the legacy charsets' path).
        LinearTime.assertLinear("RawHeaders.decode on " + shape, unit, text -> {
            RawHeaders.decode(octets(text.getBytes(StandardCharsets.UTF_8)), big5);
            RawHeaders.decode(octets(text.getBytes(big5.get())) + "\u00ff", big5);
        });
    }
}

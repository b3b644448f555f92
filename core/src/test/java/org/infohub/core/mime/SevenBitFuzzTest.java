package org.infohub.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * A stranger's post made fit for a 7-bit path (the posts a digest carries): any octets give an
 * answer without an exception, in time linear in their length.
 */
class SevenBitFuzzTest {
    private static final String HEAD = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nMessage-ID: <f@x.example>\r\nMIME-Version: 1.0\r\n";

    @FuzzTest
    void embeddingShouldTakeAnyMessage(FuzzedDataProvider data) {
        byte[] raw = data.consumeRemainingAsBytes();
        byte[] out = SevenBit.embeddable(raw);
        assertThat(out).isNotNull();
        if (SevenBit.fits(raw)) {
            assertThat(out).isSameAs(raw);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void embeddingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("SevenBit.embeddable on " + shape, unit, text -> {
            SevenBit.embeddable((HEAD + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + text + "\u00e9")
                    .getBytes(StandardCharsets.UTF_8));
            SevenBit.embeddable((HEAD + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
                    + HEAD + "\r\n" + text + "\u00e9\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8));
        });
    }
}

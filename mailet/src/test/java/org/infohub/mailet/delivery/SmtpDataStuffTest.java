package org.infohub.mailet.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Dot-stuffing (RFC 5321 4.5.2), copied in runs, against the rule applied one octet at a time. */
class SmtpDataStuffTest {
    private static byte[] byTheRule(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '.' && (i == 0 || in[i - 1] == '\n')) {
                out.write('.');
            }
            out.write(in[i]);
        }
        return out.toByteArray();
    }

    @Test
    void everyLineThatStartsWithADotGetsASecondOneAndNothingElseChanges() {
        assertThat(new String(SmtpData.stuff(".a\r\nb.\r\n..c\r\n.".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII)).isEqualTo("..a\r\nb.\r\n...c\r\n..");
        byte[] none = "no dots at a line start\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SmtpData.stuff(none)).isSameAs(none);
        Random random = new Random(29);
        byte[] alphabet = {'.', '\r', '\n', 'a', (byte) 0xE4};
        for (int round = 0; round < 5000; round++) {
            byte[] in = new byte[random.nextInt(40)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(SmtpData.stuff(in)).as("round %d", round).isEqualTo(byTheRule(in));
        }
    }
}

package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Line ends made CRLF before signing, against the rule applied one octet at a time. */
class CrlfTest {
    private static byte[] byTheRule(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\r' || in[i] == '\n') {
                out.write('\r');
                out.write('\n');
                if (in[i] == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
                    i++;
                }
            } else {
                out.write(in[i]);
            }
        }
        return out.toByteArray();
    }

    @Test
    void bareLineEndsBecomeCrlfAndAMessageWithNoneIsTakenAsItIs() {
        assertThat(new String(DeliverListMail.crlf("a\nb\rc\r\n\n\r".getBytes(StandardCharsets.US_ASCII)),
                StandardCharsets.US_ASCII)).isEqualTo("a\r\nb\r\nc\r\n\r\n\r\n");
        byte[] already = "Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(DeliverListMail.crlf(already)).isSameAs(already);
        Random random = new Random(29);
        byte[] alphabet = {'\r', '\n', 'a', '.', (byte) 0xE4};
        for (int round = 0; round < 5000; round++) {
            byte[] in = new byte[random.nextInt(40)];
            for (int i = 0; i < in.length; i++) {
                in[i] = alphabet[random.nextInt(alphabet.length)];
            }
            assertThat(DeliverListMail.crlf(in)).as("round %d", round).isEqualTo(byTheRule(in));
        }
    }
}

package org.infohub.mailet.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.infohub.core.trust.DkimKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the signer writes verifies with jDKIM's verifier against the key's published record. */
class OutboundSignerTest {
    @TempDir
    Path dir;

    @Test
    void aCopyWithExtraHeadersShouldVerifyAndAChangedOneShouldNot() throws Exception {
        DkimKeys.Key key = DkimKeys.generate(dir.resolve("k.pem"));
        OutboundSigner signer = new OutboundSigner(key, "hub.example", "sel");
        byte[] message = ("From: Alice <alice@bank.example>\r\nTo: finance@hub.example\r\nSubject: [finance] x\r\n"
                + "Message-ID: <1@x>\r\nList-Id: <finance.hub.example>\r\n\r\nline one\r\n\r\n-- \r\nfooter\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String extra = "List-Unsubscribe: <https://hub.example/unsubscribe/abc.def>,\r\n\t<mailto:finance-request@hub.example>\r\n"
                + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
        OutboundSigner.Prepared p = signer.prepare(message);
        String signature = signer.sign(extra, p).replace("; ", ";\r\n\t");
        byte[] full = (signature + "\r\n" + extra + new String(message, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);

        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> List.of(key.txtValue()));
        List<SignatureRecord> ok = verifier.verify(new ByteArrayInputStream(full));
        assertThat(ok).hasSize(1);
        assertThat(ok.get(0).getDToken().toString()).isEqualTo("hub.example");

        byte[] changed = new String(full, StandardCharsets.US_ASCII).replace("abc.def", "abc.xyz")
                .getBytes(StandardCharsets.US_ASCII);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(changed)))
                .isInstanceOf(org.apache.james.jdkim.exceptions.PermFailException.class);
    }
}

package org.infohub.core.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.Session;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** Messages made fit for a 7-bit path with short lines, from within, reading the same after. */
class SevenBitTest {
    private static final String LONG = "Details follow. ".repeat(80).strip();
    private static final String POST = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: chan@bank.example\r\nSubject: x\r\n"
            + "Message-ID: <p1@bank.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n\r\n勒索軟件 LockBit. " + LONG + "\r\n";

    @Test
    void aPostWithALongLineAndEightBitTextIsMadeFitAndReadsTheSame() throws Exception {
        byte[] raw = POST.getBytes(StandardCharsets.UTF_8);
        assertThat(SevenBit.fits(raw)).isFalse();

        byte[] fit = SevenBit.embeddable(raw);

        assertThat(SevenBit.fits(fit)).as(new String(fit, StandardCharsets.ISO_8859_1)).isTrue();
        MimeMessage read = parse(fit);
        assertThat(read.getMessageID()).isEqualTo("<p1@bank.example>");
        assertThat(read.getEncoding()).isEqualTo("quoted-printable");
        assertThat(((String) read.getContent()).strip()).isEqualTo("勒索軟件 LockBit. " + LONG);
    }

    @Test
    void aMessageInsideAMessageIsMadeFitInsideAndKeepsNoEncodingOfItsOwn() throws Exception {
        String forwarded = "Date: Sat, 5 Dec 2026 11:00:00 +0800\r\nFrom: bob@second.example\r\nSubject: fwd\r\n"
                + "Message-ID: <f1@second.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                + "--b\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nSee below.\r\n--b\r\nContent-Type: message/rfc822\r\n\r\n"
                + POST + "\r\n--b--\r\n";

        byte[] fit = SevenBit.embeddable(forwarded.getBytes(StandardCharsets.UTF_8));

        assertThat(SevenBit.fits(fit)).as(new String(fit, StandardCharsets.ISO_8859_1)).isTrue();
        MimeMessage read = parse(fit);
        assertThat(read.getMessageID()).isEqualTo("<f1@second.example>");
        BodyPart inner = ((Multipart) read.getContent()).getBodyPart(1);
        assertThat(inner.isMimeType("message/rfc822")).isTrue();
        assertThat(((MimeBodyPart) inner).getEncoding()).as("RFC 2046 5.2.1: 7bit, 8bit or binary only").isIn(null, "7bit");
        MimeMessage post = parse(((MimeBodyPart) inner).getRawInputStream().readAllBytes());
        assertThat(post.getMessageID()).isEqualTo("<p1@bank.example>");
        assertThat(((String) post.getContent()).strip()).isEqualTo("勒索軟件 LockBit. " + LONG);
    }

    @Test
    void whatFitsAlreadyAndWhatCannotBeReadAreLeftAsTheyAre() {
        byte[] plain = "Date: x\r\nMessage-ID: <a@b>\r\n\r\nshort\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(SevenBit.embeddable(plain)).isSameAs(plain);
        byte[] junk = new byte[] {(byte) 0xff, 0, (byte) 0xfe, '\n', (byte) 0x80};
        assertThat(SevenBit.embeddable(junk)).containsExactly(junk);
    }

    @Test
    void theCheckIsLinearAndStopsAtTheFirstReason() {
        byte[] big = ("a".repeat(900) + "\r\n").repeat(20_000).getBytes(StandardCharsets.US_ASCII);
        assertThat(SevenBit.fits(big)).isTrue();
        big[big.length / 2] = (byte) 0xe9;
        assertThat(SevenBit.fits(big)).isFalse();
        assertThat(SevenBit.fits("x 8BIT y".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(SevenBit.fits(("b".repeat(919)).getBytes(StandardCharsets.US_ASCII))).isFalse();
    }

    private static MimeMessage parse(byte[] bytes) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
    }
}

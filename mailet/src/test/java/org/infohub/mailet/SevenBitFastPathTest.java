package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.base.test.FakeMailContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The spool takes a message that is 7-bit already as it is written, without parsing it (issue 29:
 * the parse of each 124 KB digest was most of its work). For every shape here, what goes out is
 * byte for byte what the full conversion writes, and the shapes a list and a digest send take the
 * short way. (Writing anew moves MIME-Version to the top of the header; the order of the fields
 * is all that differs.)
 */
class SevenBitFastPathTest {
    private static final FakeMailContext CONTEXT = FakeMailContext.defaultContext();

    static Stream<Arguments> messages() throws IOException {
        List<Arguments> out = new ArrayList<>();
        String post = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: alice@bank.example\r\nTo: finance@hub.example\r\nSubject: TLP:GREEN scan\r\n"
                + "Message-ID: <p1@bank.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\nScanning from 203.0.113.7.\r\n";
        out.add(Arguments.of("a plain 7-bit post", post, true));
        out.add(Arguments.of("the same with bare LF line ends", post.replace("\r\n", "\n"), true));
        out.add(Arguments.of("no MIME-Version, no Content-Type", "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: a@b.example\r\n"
                + "Subject: x\r\nMessage-ID: <m@b.example>\r\n\r\nbody\r\n", null));
        out.add(Arguments.of("no Date", post.replace("Date: Sat, 5 Dec 2026 10:00:00 +0800\r\n", ""), null));
        String chinese = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: =?UTF-8?B?6Zmz5aSn5paH?= <chan@bank.example>\r\nSubject: =?UTF-8?B?5YuS57Si?=\r\n"
                + "Message-ID: <p2@bank.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + "=E5=8B=92=E7=B4=A2 ransomware\r\n--b1\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nPHA+5YuS57Si PC9wPg==\r\n--b1--\r\n";
        out.add(Arguments.of("Chinese, quoted-printable and base64", chinese, true));
        String digest = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: Infohub digest <digest@hub.example>\r\nTo: undisclosed-recipients:;\r\n"
                + "Subject: [TLP:GREEN] 2 posts\r\nMessage-ID: <digest-1@hub.example>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n--outer\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 7bit\r\n\r\nContents\r\n--outer\r\nContent-Type: multipart/digest; boundary=\"inner\"\r\n\r\n"
                + "--inner\r\nContent-Type: message/rfc822\r\n\r\n" + post + "\r\n--inner\r\nContent-Type: message/rfc822\r\n\r\n"
                + chinese + "\r\n--inner--\r\n\r\n--outer--\r\n";
        out.add(Arguments.of("a multipart/digest of posts as sent", digest, true));
        out.add(Arguments.of("a header line near the limit", post.replace("Subject: TLP:GREEN scan",
                "Subject: " + "x".repeat(930) + "\r\n y" + "z".repeat(100)), false));
        out.add(Arguments.of("a body line over the limit", post.replace("Scanning", "s".repeat(1200)), false));
        out.add(Arguments.of("labelled 8bit, ASCII inside", post.replace("Transfer-Encoding: 7bit", "Transfer-Encoding: 8bit"),
                false));
        out.add(Arguments.of("8-bit octets", post.replace("Scanning", "Scanning caf\u00e9"), false));
        for (String name : List.of("outlook-big5-hkscs.eml", "outlook-multipart-hkscs.eml", "foxmail-gb2312-qp.eml",
                "gbk-base64.eml", "webmail-big5-raw.eml", "x-gbk-mixed.eml")) {
            try (InputStream in = SevenBitFastPathTest.class.getResourceAsStream("/charsets/" + name)) {
                out.add(Arguments.of(name, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1), null));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void whatGoesOutIsWhatTheFullConversionWrites(String shape, String message, Boolean shortWay) throws Exception {
        byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);

        byte[] sent = DeliverListMail.sevenBitBytes(wrapped(bytes), CONTEXT);
        byte[] converted = DeliverListMail.converted(wrapped(bytes), CONTEXT);

        // The same header fields (writing anew moves MIME-Version to the top; the order is all that
        // differs) and the same body, octet for octet.
        assertThat(fields(sent)).isEqualTo(fields(converted));
        assertThat(body(sent)).isEqualTo(body(converted));
        if (shortWay != null) {
            assertThat(org.infohub.core.mime.SevenBit.fits(written(wrapped(bytes)))).as("takes the short way").isEqualTo(shortWay);
        }
    }

    @Test
    void aPostWithALongLineInsideADigestIsMadeFitInsideNotEncodedAsAWhole() throws Exception {
        String post = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: a@bank.example\r\nSubject: x\r\nMessage-ID: <p@bank.example>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + "Details follow. ".repeat(80) + "\r\n";
        String digest = "Date: Sat, 5 Dec 2026 10:00:00 +0800\r\nFrom: digest@hub.example\r\nSubject: digest\r\n"
                + "Message-ID: <d@hub.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/digest; boundary=\"i\"\r\n\r\n"
                + "--i\r\nContent-Type: message/rfc822\r\n\r\n" + post + "\r\n--i--\r\n";

        byte[] sent = DeliverListMail.sevenBitBytes(wrapped(digest.getBytes(StandardCharsets.US_ASCII)), CONTEXT);

        assertThat(org.infohub.core.mime.SevenBit.fits(sent)).isTrue();
        MimeMessage read = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), new ByteArrayInputStream(sent));
        javax.mail.internet.MimeBodyPart part = (javax.mail.internet.MimeBodyPart) ((javax.mail.Multipart) read.getContent()).getBodyPart(0);
        assertThat(part.getEncoding()).as("RFC 2046 5.2.1: a message/rfc822 part is 7bit, 8bit or binary").isIn(null, "7bit");
        MimeMessage inner = new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()), part.getRawInputStream());
        assertThat(inner.getEncoding()).isEqualTo("quoted-printable");
        assertThat(((String) inner.getContent()).strip()).isEqualTo("Details follow. ".repeat(80).strip());
    }

    private static List<String> fields(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        List<String> fields = new ArrayList<>(List.of(text.substring(0, end).replace("\r\n ", " ").replace("\r\n\t", "\t")
                .split("\r\n")));
        java.util.Collections.sort(fields);
        return fields;
    }

    private static String body(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf("\r\n\r\n"));
    }

    /** Messages made by {@link #wrapped}, whose bytes are freed after each test (as the spooler does). */
    private final List<MimeMessageWrapper> made = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void free() {
        made.forEach(MimeMessageWrapper::dispose);
    }

    private MimeMessage wrapped(byte[] bytes) throws MessagingException {
        MimeMessageWrapper m = new MimeMessageWrapper(MimeMessageInputStreamSource.create("test", new ByteArrayInputStream(bytes)));
        made.add(m);
        return m;
    }

    private static byte[] written(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }
}

package org.infohub.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

class MessageTextTest {
    private static MimeMessage parse(String raw) throws MessagingException {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void ofShouldPreferThePlainPartOfAnAlternative() throws MessagingException {
        MessageText t = MessageText.of(parse("Subject: x\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nplain words\r\n--b\r\nContent-Type: text/html\r\n\r\n"
                + "<p>html words</p>\r\n--b--\r\n"));

        assertThat(t.body()).isEqualTo("plain words");
    }

    @Test
    void ofShouldKeepWhatCanBeReadOfBrokenBase64() throws MessagingException {
        MessageText t = MessageText.of(parse("Subject: x\r\nContent-Transfer-Encoding: base64\r\n"
                + "Content-Type: text/plain\r\n\r\naGVsbG8gd29ybGQ=\r\n!!!not base64@@@\r\n"));

        assertThat(t.body()).startsWith("hello world");
    }

    @Test
    void ofShouldFallBackToUtf8ForAnUnknownCharset() throws MessagingException {
        MessageText t = MessageText.of(parse("Subject: x\r\nContent-Type: text/plain; charset=x-no-such\r\n\r\nplain\r\n"));

        assertThat(t.body()).isEqualTo("plain\n");
    }

    @Test
    void ofShouldListAttachmentsWithoutReadingThemAsText() throws MessagingException {
        MessageText t = MessageText.of(parse("Subject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                + "--b\r\nContent-Type: text/plain\r\n\r\nbody\r\n--b\r\nContent-Type: text/plain; name=notes.txt\r\n"
                + "Content-Disposition: attachment; filename=notes.txt\r\n\r\nsecret notes\r\n--b--\r\n"));

        assertThat(t.body()).isEqualTo("body");
        assertThat(t.attachments()).containsExactly("notes.txt");
    }

    @Test
    void ofShouldDecodeAnEncodedSubjectAndCopeWithAMissingOne() throws MessagingException {
        assertThat(MessageText.of(parse("Subject: =?ISO-8859-1?Q?Gr=FC=DFe?=\r\n\r\nx\r\n")).subject()).isEqualTo("Grüße");
        assertThat(MessageText.of(parse("From: a@b.example\r\n\r\nx\r\n")).subject()).isEmpty();
    }

    @Test
    void ofShouldTurnHostileHtmlIntoTextWithoutOverflowingTheStack() throws MessagingException {
        String html = "<html><body><p>htmlpoison start</p>" + "<br>\n \n".repeat(20_000) + "<div>".repeat(50_000)
                + "<p>htmlpoison end</p><script>var secret = 1;</script></body></html>";

        MessageText text = MessageText.of(parse("Subject: x\r\nContent-Type: text/html\r\n\r\n" + html));

        assertThat(text.body()).startsWith("htmlpoison start").endsWith("htmlpoison end").doesNotContain("secret")
                .doesNotContain("\n\n\n");
    }
}

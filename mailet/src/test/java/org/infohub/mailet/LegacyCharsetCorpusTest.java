package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.infohub.core.archive.MessageText;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 28, item 5: posts as Hong Kong and mainland mail programs write them, in Big5 (with Hong
 * Kong supplementary characters under the plain {@code big5} label), Big5-HKSCS, GB2312 (with
 * GBK's characters), GBK and GB18030 (four-byte characters), in base64, quoted-printable, 8bit and
 * raw 8-bit headers. The corpus in {@code src/test/resources/charsets} was written by Python's
 * codecs ({@code make-corpus.py}), not Java's, with the text expected beside each mail in UTF-8.
 * After {@link DecodeRawHeaders}, the archive's reading of each is the text as written, and the
 * message as sent on carries it in UTF-8 only.
 */
class LegacyCharsetCorpusTest {

    static Stream<String> corpus() {
        return Stream.of("outlook-big5-hkscs", "webmail-big5-raw", "foxmail-gb2312-qp", "gbk-base64", "gb18030-four-byte",
                "outlook-multipart-hkscs", "big5-split-words", "x-gbk-mixed");
    }

    private static byte[] resource(String name) throws Exception {
        try (InputStream in = LegacyCharsetCorpusTest.class.getResourceAsStream("/charsets/" + name)) {
            return in.readAllBytes();
        }
    }

    private static MimeMessage parse(byte[] raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aLegacyCharsetPostShouldBeReadAsWrittenAndSentOnInUtf8(String name) throws Exception {
        String expected = new String(resource(name + ".expected"), StandardCharsets.UTF_8);
        String subject = expected.substring(0, expected.indexOf('\n'));
        String text = expected.substring(expected.indexOf('\n') + 1);
        FakeMail mail = FakeMail.builder().name(name).sender("alice@bank-one.example").recipient("finance@hub.localhost")
                .mimeMessage(parse(resource(name + ".eml"))).build();

        DecodeRawHeaders.decode(mail);

        MessageText read = MessageText.of(mail.getMessage());
        assertThat(read.subject()).isEqualTo(subject);
        assertThat(read.body().strip()).isEqualTo(text.strip());

        // Sent on: written out and read back by a plain reader, every text part says UTF-8 and holds the text.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        String wire = out.toString(StandardCharsets.ISO_8859_1);
        assertThat(wire.toLowerCase(java.util.Locale.ROOT)).doesNotContain("big5").doesNotContain("gb2312")
                .doesNotContain("gbk").doesNotContain("gb18030");
        MimeMessage sent = parse(out.toByteArray());
        assertThat(sent.getSubject()).isEqualTo(subject);
        List<String> charsets = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        collect(sent, charsets, texts);
        assertThat(charsets).isNotEmpty().allSatisfy(c -> assertThat(c).isEqualToIgnoringCase("UTF-8"));
        assertThat(texts.get(0).replace("\r\n", "\n").strip()).isEqualTo(text.strip());
        if (name.equals("big5-split-words")) {
            assertThat(((InternetAddress) sent.getFrom()[0]).getPersonal()).isEqualTo("\u9673\u5927\u6587");
        }
        if (name.equals("outlook-multipart-hkscs")) {
            assertThat(read.attachments()).anySatisfy(a -> assertThat(a).contains("\u5831\u544a.txt"));
            assertThat(String.join("\n", texts)).contains("\u9644\u4ef6\u5167\u5bb9\uff1a\ud860\udee2");
        }
    }

    private static void collect(Part part, List<String> charsets, List<String> texts) throws Exception {
        if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collect(mp.getBodyPart(i), charsets, texts);
            }
        } else if (part.isMimeType("text/*")) {
            charsets.add(new ContentType(part.getContentType()).getParameter("charset"));
            texts.add((String) part.getContent());
        }
    }
}

package org.infohub.core.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;
import org.infohub.core.fuzz.LinearTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Text extraction (plain, HTML, text attachments, forwarded messages, calendars) from any message bytes. */
class MessageTextFuzzTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    @FuzzTest
    void extractionShouldTakeAnyMessage(byte[] raw) throws MessagingException {
        MimeMessage message = null;
        try {
            message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
        } catch (RuntimeException libraryRefused) {
            // JavaMail throws IndexOutOfBoundsException on bytes whose first line continues a header
            // before there is one (kept under MessageTextFuzzTestInputs); in the hub James's
            // Received: line always comes first, so no mail starts that way.
            assertThat(raw.length > 0 && (raw[0] == ' ' || raw[0] == '\t'))
                    .as("only a message that starts with a folded line is refused by JavaMail").isTrue();
        }
        if (message != null) {
            assertThat(MessageText.of(message).body()).isNotNull();
        }
        MessageText.attachmentText(raw);
        MessageText.hasCalendar(raw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void plainTextShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("MessageText.of, text/plain, on " + shape, size -> message("text/plain",
                LinearTime.repeat(unit, size)), MessageTextFuzzTest::extract);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void htmlShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("MessageText.of, text/html, on " + shape, size -> message("text/html",
                LinearTime.repeat(unit, size)), MessageTextFuzzTest::extract);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void attachmentsShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("MessageText.attachmentText on " + shape, size -> ("Content-Type: multipart/mixed; "
                + "boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n--b\r\nContent-Type: text/csv; "
                + "name=a.csv\r\n\r\n" + LinearTime.repeat(unit, size) + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8),
                MessageText::attachmentText);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void nestingShouldTakeLinearTime(String shape, String unit) {
        // Parts inside parts, each level a boundary of its own, the text of the shape inside: each
        // level scans what it holds for its boundary, so the depth is bounded and the text grows.
        LinearTime.assertLinear("MessageText.of, 20 nested multiparts, on " + shape, size -> {
            StringBuilder b = new StringBuilder("Subject: x\r\nContent-Type: multipart/mixed; boundary=b0\r\n\r\n");
            int levels = 20;
            for (int i = 1; i <= levels; i++) {
                b.append("--b").append(i - 1).append("\r\nContent-Type: multipart/mixed; boundary=b").append(i)
                        .append("\r\n\r\n");
            }
            b.append("--b").append(levels).append("\r\nContent-Type: text/plain\r\n\r\n")
                    .append(LinearTime.repeat(unit, size)).append("\r\n");
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }, MessageTextFuzzTest::extract);
    }

    private static byte[] message(String type, String body) {
        return ("Subject: " + body.substring(0, Math.min(body.length(), 900)).replace('\n', ' ').replace('\r', ' ')
                + "\r\nContent-Type: " + type + "; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void extract(byte[] raw) {
        try {
            MessageText.of(new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
            MessageText.attachmentText(raw);
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}

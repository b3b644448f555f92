package org.infohub.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.infohub.core.fuzz.LinearTime;
import org.infohub.mailet.trust.DeliveryReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The mailets' readers of a stranger's bytes: the MIME structure check, delivery status reports
 * (RFC 3464, sent by anyone to a VERP address) and the list-request commands. None may throw
 * past its own contract, and each takes time linear in its input.
 */
class MailetParsersFuzzTest {
    private static final Session SESSION = Session.getInstance(new Properties());

    /**
     * The bytes as a message, or empty when JavaMail itself cannot take them in: it throws
     * IndexOutOfBoundsException on a first line that continues a header before there is one (found
     * by this fuzz test, kept under {@code MailetParsersFuzzTestInputs}). Such bytes never reach a
     * mailet as they are: James writes its {@code Received:} line first, and a folded first line
     * of the client's becomes that header's continuation.
     */
    private static java.util.Optional<MimeMessage> parsed(byte[] raw) throws MessagingException {
        try {
            return java.util.Optional.of(new MimeMessage(SESSION, new ByteArrayInputStream(raw)));
        } catch (RuntimeException libraryRefused) {
            assertThat(raw.length > 0 && (raw[0] == ' ' || raw[0] == '\t'))
                    .as("only a message that starts with a folded line is refused by JavaMail").isTrue();
            return java.util.Optional.empty();
        }
    }

    private static MimeMessage message(byte[] raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    @FuzzTest
    void structureCheckShouldAnswerForAnyMessage(byte[] raw) throws MessagingException {
        java.util.Optional<MimeMessage> parsed = parsed(raw);
        if (parsed.isEmpty()) {
            return;
        }
        MimeMessage m = parsed.get();
        // an answer, never an exception: a problem is a refusal with a reason
        assertThat(CheckStructure.structureProblem(m)).isNotNull();
        CheckStructure.ambiguousAuthor(m);
    }

    @FuzzTest
    void deliveryReportsShouldReadAnyText(FuzzedDataProvider data) throws MessagingException {
        String status = data.consumeString(4_000);
        assertThat(DeliveryReport.parse(status)).isNotNull();
        try {
            java.util.Optional<MimeMessage> m = parsed(data.consumeRemainingAsBytes());
            if (m.isPresent()) {
                DeliveryReport.read(m.get());
            }
        } catch (MessagingException | IOException expected) {
            // a report that cannot be read is not a report
        }
    }

    @FuzzTest
    void requestCommandsShouldReadAnyMessage(byte[] raw) throws MessagingException {
        java.util.Optional<MimeMessage> m = parsed(raw);
        for (String line : m.map(AnswerListRequest::commands).orElse(java.util.List.of())) {
            AnswerListRequest.action(line);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void deliveryReportParsingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("DeliveryReport.parse on " + shape, size -> "Final-Recipient: rfc822; "
                + LinearTime.repeat(unit, size) + "\nAction: failed\nStatus: 5.1.1\n\n" + LinearTime.repeat(unit, size),
                (String text) -> DeliveryReport.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#shapes")
    void requestReadingShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("AnswerListRequest commands on " + shape, size -> ("From: a@b.example\r\nSubject: "
                + LinearTime.repeat(unit, size).replace("\n", " ") + "\r\n\r\n" + LinearTime.repeat(unit, size))
                .getBytes(StandardCharsets.UTF_8), raw -> {
                    try {
                        for (String line : AnswerListRequest.commands(message(raw))) {
                            AnswerListRequest.action(line);
                        }
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void structureCheckShouldTakeLinearTime(String shape, String unit) {
        LinearTime.assertLinear("CheckStructure on " + shape, size -> ("From: a@b.example\r\nContent-Type: "
                + "multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; name=\""
                + LinearTime.repeat(unit, 200).replace("\"", "'").replace("\n", " ") + "\"\r\n\r\n"
                + LinearTime.repeat(unit, size) + "\r\n--b--\r\n").getBytes(StandardCharsets.UTF_8), raw -> {
                    try {
                        CheckStructure.structureProblem(message(raw));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Issue 28: the move of Chinese legacy charsets to UTF-8 takes any message, and answers or refuses it with a MessagingException. */
    @FuzzTest
    void legacyCharsetsShouldBeRewrittenForAnyMessage(byte[] raw) throws MessagingException {
        java.util.Optional<MimeMessage> m = parsed(raw);
        if (m.isEmpty()) {
            return;
        }
        try {
            DecodeRawHeaders.toUtf8(m.get());
        } catch (MessagingException refused) {
            // a message whose text cannot be read is set aside by the pipeline with this reason
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.infohub.core.fuzz.LinearTime#containerShapes")
    void legacyCharsetRewritingShouldTakeLinearTime(String shape, String unit) {
        java.nio.charset.Charset hkscs = java.nio.charset.Charset.forName("Big5-HKSCS");
        LinearTime.assertLinear("DecodeRawHeaders.toUtf8 on " + shape, size -> {
            String text = LinearTime.repeat(unit, size);
            String head = "From: a@b.example\r\nSubject: =?big5?B?" + java.util.Base64.getEncoder().encodeToString(
                    text.replace("\n", " ").getBytes(hkscs)) + "?=\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
                    + "--b\r\nContent-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n";
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            raw.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            raw.writeBytes(text.getBytes(hkscs));
            raw.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
            return raw.toByteArray();
        }, (byte[] raw) -> {
            try {
                DecodeRawHeaders.toUtf8(message(raw));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}

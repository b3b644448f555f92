package org.infohub.mailet.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

/** DSNs (RFC 3464) read into per-recipient fields; spam rejections told apart; DMARC helpers. */
class DeliveryReportTest {
    private static MimeMessage message(String raw) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aPostfixStyleDsnShouldGiveEachRecipientsActionStatusAndDiagnostic() throws Exception {
        MimeMessage dsn = message("From: MAILER-DAEMON@mx.example\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nSorry.\r\n"
                + "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; mx.example\r\nArrival-Date: Sat, 28 Nov 2026 09:00:00 +0000\r\n\r\n"
                + "Final-Recipient: rfc822; <Erin@Clinic.example>\r\nOriginal-Recipient: rfc822;erin@clinic.example\r\n"
                + "Action: failed\r\nStatus: 5.1.1\r\nDiagnostic-Code: smtp; 550 5.1.1 <erin@clinic.example>:\r\n"
                + "    Recipient address rejected: User unknown\r\n\r\n"
                + "Final-Recipient: rfc822; dan@clinic.example\r\nAction: delayed\r\nStatus: 4.4.1\r\n\r\n"
                + "--B\r\nContent-Type: text/rfc822-headers\r\n\r\nSubject: x\r\n\r\n--B--\r\n");

        List<DeliveryReport.Recipient> r = DeliveryReport.read(dsn).orElseThrow();

        assertThat(r).hasSize(2);
        assertThat(r.get(0).finalRecipient()).isEqualTo("erin@clinic.example");
        assertThat(r.get(0).failed()).isTrue();
        assertThat(r.get(0).status()).isEqualTo("5.1.1");
        assertThat(r.get(0).diagnostic()).contains("User unknown");
        assertThat(r.get(0).policyRejection()).isFalse();
        assertThat(r.get(1).failed()).as("a delay is not a failure").isFalse();
    }

    @Test
    void spamAndPolicyRejectionsShouldNotCountAgainstTheMailbox() {
        assertThat(new DeliveryReport.Recipient("a@b.example", "failed", "5.7.1", "smtp; 550 5.7.1 rejected").policyRejection())
                .isTrue();
        assertThat(new DeliveryReport.Recipient("a@b.example", "failed", "5.0.0", "smtp; 554 Message looks like SPAM")
                .policyRejection()).isTrue();
        assertThat(new DeliveryReport.Recipient("a@b.example", "failed", "5.2.2", "smtp; 552 mailbox full")
                .policyRejection()).isFalse();
    }

    @Test
    void anOutOfOfficeReplyShouldNotBeReadAsADsn() throws Exception {
        assertThat(DeliveryReport.read(message("From: erin@clinic.example\r\nSubject: Out of office\r\n\r\nAway.\r\n")))
                .isEmpty();
    }

    @Test
    void alignmentShouldCompareOrganisationalDomainsUnlessStrict() {
        assertThat(Dmarc.aligned("mail.bank-one.example", "bank-one.example", false)).isTrue();
        assertThat(Dmarc.aligned("mail.bank-one.example", "bank-one.example", true)).isFalse();
        assertThat(Dmarc.aligned("bank-two.example", "bank-one.example", false)).isFalse();
        assertThat(Dmarc.organisational("mx.nhs.co.uk")).isEqualTo("nhs.co.uk");
        assertThat(Dmarc.tags("v=DMARC1; p=reject; sp=none").get("sp")).isEqualTo("none");
    }
}

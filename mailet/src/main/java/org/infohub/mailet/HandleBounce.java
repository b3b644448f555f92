package org.infohub.mailet;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.infohub.core.trust.Verp;
import org.infohub.mailet.trust.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what comes back to a list's bounce address. The member is the one the VERP address names
 * ({@code finance-bounces+alice=bank.example@}); the DSN (RFC 3464) says what happened. A failed
 * delivery adds to the member's bounce score, unless it is a spam or policy rejection; a delay or
 * anything that is not a DSN (an out-of-office reply) is recorded and not counted. When the score
 * passes the threshold, delivery to the member stops and the list owners get one notice. The
 * bounce itself goes on to the list-bounces repository (the next mailet).
 *
 * <pre>{@code <mailet match="All" class="org.infohub.mailet.HandleBounce"/>}</pre>
 */
public class HandleBounce extends HubMailet {
    private static final Logger LOG = LoggerFactory.getLogger(HandleBounce.class);

    private final HubServices hub;

    @Inject
    public HandleBounce(HubServices hub) {
        this.hub = hub;
    }

    @Override
    protected void serviceMail(Mail mail) throws MessagingException {
        for (MailAddress to : mail.getRecipients()) {
            Optional<Verp.Target> target = Verp.decode(to.getLocalPart());
            if (target.isEmpty()) {
                LOG.info("bounce mail={} to={} stage=bounce member=unknown (no VERP address)", mail.getName(),
                        to.asString());
                continue;
            }
            handle(mail, target.get());
        }
    }

    private void handle(Mail mail, Verp.Target target) throws MessagingException {
        MimeMessage message = mail.getMessage();
        Optional<List<DeliveryReport.Recipient>> report;
        try {
            report = DeliveryReport.read(message);
        } catch (IOException | MessagingException | RuntimeException e) {
            report = Optional.empty();
        }
        DeliveryReport.Recipient about = report.flatMap(r -> r.stream()
                        .filter(x -> x.finalRecipient().equals(target.member())).findFirst()
                        .or(() -> r.stream().findFirst()))
                .orElse(new DeliveryReport.Recipient(target.member(), "", "", "not a delivery status notification"));
        boolean counted = report.isPresent() && about.failed() && !about.policyRejection();
        String status = about.status().isEmpty() ? (report.isPresent() ? about.action() : "not-dsn") : about.status();
        BounceScores.record(hub, getMailetContext(), mail.getName(), target, status, counted, about.diagnostic());
    }
}

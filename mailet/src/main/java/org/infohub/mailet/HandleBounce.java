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
 * Reads what comes back to a list's bounce address. Only a return path the hub made counts: its
 * tag ({@link Verp}) names the member and the post, and an address without a valid tag (a guess, a
 * forged or altered one) changes nothing. The DSN (RFC 3464) must then be about that member (its
 * {@code Final-Recipient} or {@code Original-Recipient}; a DSN with one recipient block is taken as
 * about them, for forwarded mailboxes) and say the delivery failed. A spam or policy rejection, a
 * delay and anything that is not a DSN (an out-of-office reply) are recorded and not counted.
 * Past the threshold a probe goes to the member first; when the probe bounces too, delivery
 * stops and the list owners get one notice. The bounce itself goes on to the list-bounces
 * repository (the next mailet).
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
            Optional<Verp.Target> target = hub.trust().verp().decode(to.getLocalPart());
            if (target.isEmpty()) {
                LOG.info("bounce mail={} stage=bounce counted=false reason=no return path made by the hub (no or bad tag)",
                        mail.getName());
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
        if (report.isEmpty() && target.shared()) {
            LOG.info("bounce mail={} list={} stage=bounce counted=false reason=not a delivery status notification, "
                    + "and the return path names no member", mail.getName(), target.list());
            return;
        }
        if (report.isEmpty()) {
            BounceScores.record(hub, getMailetContext(), mail.getName(), target, "not-dsn", false,
                    "not a delivery status notification");
            return;
        }
        List<DeliveryReport.Recipient> blocks = report.get();
        if (target.shared()) {
            aboutRecipients(mail, target, blocks);
            return;
        }
        Optional<DeliveryReport.Recipient> about = blocks.stream().filter(r -> r.isAbout(target.member())).findFirst()
                .or(() -> blocks.size() == 1 ? Optional.of(blocks.get(0)) : Optional.empty());
        if (about.isEmpty()) {
            BounceScores.record(hub, getMailetContext(), mail.getName(), target, "other", false,
                    "the report is about other recipients");
            return;
        }
        boolean counted = about.get().failed() && !about.get().policyRejection();
        String status = about.get().status().isEmpty() ? about.get().action() : about.get().status();
        BounceScores.record(hub, getMailetContext(), mail.getName(), target, status, counted, about.get().diagnostic());
    }

    /**
     * A DSN to a post's shared return path: each recipient block counts for the member it names, if
     * the hub sent them that post. Anyone who got the post knows its return path, so a member could
     * forge a DSN naming another: that only raises a score, and delivery stops only when a probe
     * with a return path of that member's own bounces as well.
     */
    private void aboutRecipients(Mail mail, Verp.Target target, List<DeliveryReport.Recipient> blocks)
            throws MessagingException {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (DeliveryReport.Recipient block : blocks) {
            String named = !block.finalRecipient().isEmpty() ? block.finalRecipient() : block.originalRecipient();
            String member = named.toLowerCase(java.util.Locale.ROOT);
            if (!block.originalRecipient().isEmpty() && !block.originalRecipient().equalsIgnoreCase(member)
                    && sentTo(target, block.originalRecipient())) {
                // Forwarded: the member is the address the hub sent to.
                member = block.originalRecipient().toLowerCase(java.util.Locale.ROOT);
            }
            if (member.isEmpty() || !seen.add(member)) {
                continue;
            }
            if (!sentTo(target, member)) {
                LOG.info("bounce mail={} list={} stage=bounce counted=false reason=the report names an address the "
                        + "hub did not send that post to", mail.getName(), target.list());
                continue;
            }
            boolean counted = block.failed() && !block.policyRejection();
            String status = block.status().isEmpty() ? block.action() : block.status();
            BounceScores.record(hub, getMailetContext(), mail.getName(), target.about(member), status, counted,
                    block.diagnostic());
        }
    }

    private boolean sentTo(Verp.Target target, String email) {
        try {
            return hub.audience().wasSentTo(Long.parseLong(target.ref()), target.list(), email);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

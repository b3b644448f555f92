package org.infohub.mailet;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.infohub.core.trust.Bounces;
import org.infohub.core.trust.Verp;
import org.infohub.mailet.trust.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds a bounce to a member's score, for a DSN that came back ({@link HandleBounce}) as for a
 * refusal the receiving server gave at once ({@link NotifyListOwners}), and tells the list owners,
 * once, when delivery to the member stops.
 */
final class BounceScores {
    private static final Logger LOG = LoggerFactory.getLogger(BounceScores.class);
    private static final Pattern STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
    private static final Pattern REPLY = Pattern.compile("\\b([245])\\d\\d\\b");

    private BounceScores() {
    }

    /**
     * A synchronous refusal as RemoteDelivery or the smarthost sender reports it ({@code 550 5.1.1
     * <x>: user unknown}): counted only when permanent and not a spam or policy refusal; a give-up
     * after temporary failures (the smarthost away) says nothing about the mailbox.
     */
    static void refused(HubServices hub, MailetContext context, String mailName, Verp.Target target, String error)
            throws MessagingException {
        Matcher status = STATUS.matcher(error);
        Matcher reply = REPLY.matcher(error);
        String code = status.find() ? status.group(1) : reply.find() ? reply.group(1) + ".0.0" : "4.0.0";
        boolean counted = code.startsWith("5")
                && !new DeliveryReport.Recipient(target.member(), "failed", code, error).policyRejection();
        record(hub, context, mailName, target, code, counted, error);
    }

    static void record(HubServices hub, MailetContext context, String mailName, Verp.Target target, String status,
                       boolean counted, String diagnostic) throws MessagingException {
        Optional<Bounces.Outcome> outcome = hub.trust().bounces().record(target.member(), target.list(), target.ref(),
                status, counted, diagnostic);
        if (outcome.isEmpty()) {
            LOG.info("bounce mail={} list={} stage=bounce member=not-a-representative", mailName, target.list());
            return;
        }
        LOG.info("bounce mail={} list={} stage=bounce representative={} status={} counted={} score={}", mailName,
                target.list(), outcome.get().representative().id(), status, counted,
                String.format(Locale.ROOT, "%.2f", outcome.get().score()));
        if (outcome.get().disabledNow()) {
            tellOwners(hub, context, target, outcome.get(), status, diagnostic);
        }
        if (outcome.get().probeNow().isPresent()) {
            probe(hub, context, target, outcome.get().probeNow().get());
        }
    }

    /**
     * A message of its own to a member whose score passed the threshold, with a return path tagged
     * for it: only if this bounces too does delivery stop, so a run of forged or misread bounces
     * alone never stops anyone.
     */
    private static void probe(HubServices hub, MailetContext context, Verp.Target target, String ref)
            throws MessagingException {
        String list = target.list() + "@" + hub.domain();
        org.infohub.core.i18n.Messages t = Notices.messagesFor(hub, target.member());
        MimeMessage probe = Notices.create(hub.domain(), target.list() + "-owner@" + hub.domain(),
                java.util.List.of(new MailAddress(target.member())), t.get("probe.subject", list), "auto-generated",
                t.get("probe.text", list));
        probe.saveChanges();
        MailAddress returnPath = new MailAddress(hub.trust().verp().encode(target.list(), target.member(), ref, hub.domain()));
        context.sendMail(returnPath, java.util.List.of(new MailAddress(target.member())), probe, Processors.RELAY);
        LOG.info("bounce list={} stage=bounce probe={} sent: the score passed the threshold", target.list(), ref);
    }

    private static void tellOwners(HubServices hub, MailetContext context, Verp.Target target, Bounces.Outcome outcome,
                                   String status, String diagnostic) throws MessagingException {
        Notices.Owners owners = Notices.Owners.of(hub, target.list());
        org.infohub.core.i18n.Messages t = Notices.forOwners(hub);
        String text = t.get("owners.stopped.text", target.member(), outcome.representative().name(),
                outcome.representative().organisationName(), String.format(Locale.ROOT, "%.2f", outcome.score()),
                String.format(Locale.ROOT, "%.2f", hub.trust().bounces().threshold()),
                hub.config().trust().bounceHalfLife().toDays(),
                (status.isEmpty() ? t.get("owners.noStatus") : status) + " " + diagnostic);
        MimeMessage notice = Notices.create(hub.domain(), "postmaster@" + hub.domain(), owners.addresses(),
                t.get("owners.stopped.subject", target.member(), target.list() + "@" + hub.domain()), "auto-generated",
                text);
        notice.saveChanges();
        context.sendMail(new MailAddress("postmaster@" + hub.domain()), owners.addresses(), notice, owners.processor());
        LOG.info("bounce list={} stage=bounce representative={} delivery=disabled owners-notified={}", target.list(),
                outcome.representative().id(), owners.addresses().size());
    }
}

package org.infohub.server;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.MailetContext;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.vetting.VettingOutcomes;
import org.infohub.mailet.HubAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts posts an administrator approved (in the console, by the API) back into the pipeline, marked
 * approved so moderation lets them through; the other rules still apply. Archiving is idempotent by
 * Message-ID and list, so a post released twice after a crash is still shared once.
 */
final class HeldPostReleaser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeldPostReleaser.class);

    private final VettingOutcomes outcomes;
    private final org.infohub.core.member.MembershipRepository members;
    private final AtomicReference<MailetContext> context;
    private final String domain;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicInteger tries = new AtomicInteger();

    private final org.infohub.core.i18n.Language programme;
    private final JobLeases jobs;

    HeldPostReleaser(VettingOutcomes outcomes, org.infohub.core.member.MembershipRepository members,
                     AtomicReference<MailetContext> context, String domain, Clock clock, org.infohub.core.i18n.Language programme,
                     JobLeases jobs) {
        this.jobs = jobs;
        this.programme = programme;
        this.outcomes = outcomes;
        this.members = members;
        this.context = context;
        this.domain = domain;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-moderation");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::release, 2, 2, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::notifyRejections, 3, 2, TimeUnit.SECONDS);
    }

    private void release() {
        MailetContext mailet = context.get();
        if (mailet == null || !jobs.mine("held-releases")) {
            return;
        }
        try {
            for (VettingOutcomes.Release r : outcomes.toRelease()) {
                MimeMessage message = new MimeMessage(Session.getInstance(new java.util.Properties()),
                        new java.io.ByteArrayInputStream(r.raw()));
                MailImpl.Builder builder = MailImpl.builder().name("approved-" + r.id() + "-" + tries.incrementAndGet())
                        .addRecipient(new MailAddress(r.list() + "@" + domain)).mimeMessage(message)
                        .addAttribute(new Attribute(HubAttributes.APPROVED, AttributeValue.of(true)));
                if (r.sender() != null && !r.sender().isBlank() && r.sender().contains("@")) {
                    builder.sender(new MailAddress(r.sender()));
                }
                MailImpl mail = builder.build();
                mailet.sendMail(mail, org.infohub.mailet.Processors.VETTING);
                mail.dispose();
                outcomes.markReleased(r.id(), clock.instant());
                LOG.info("approved post outcome={} released to list={} stage=moderation", r.id(), r.list());
            }
        } catch (DataAccessException e) {
            LOG.warn("approved posts wait: {}", e.getMessage());
        } catch (javax.mail.MessagingException | RuntimeException e) {
            LOG.error("approved posts could not be released: {}", e.getMessage(), e);
        }
    }

    /**
     * Tells the sender of a post an administrator rejected, with the reason, when the hub's notice
     * rules allow it: the envelope sender is a registered representative whose address SPF, DKIM
     * or SMTP AUTH confirmed (read from the hub's own Authentication-Results on the kept message).
     * Anyone else is not written to: it could be a forged address.
     */
    private void notifyRejections() {
        MailetContext mailet = context.get();
        if (mailet == null || !jobs.mine("rejection-notices")) {
            return;
        }
        try {
            for (VettingOutcomes.Rejection r : outcomes.rejectionsToNotify()) {
                MimeMessage original = new MimeMessage(Session.getInstance(new java.util.Properties()),
                        new java.io.ByteArrayInputStream(r.raw()));
                boolean allowed = members.findRepresentative(r.envelopeSender()).isPresent()
                        && confirmed(original.getHeader("Authentication-Results"), r.envelopeSender(), domain);
                if (allowed) {
                    org.infohub.core.i18n.Messages t = org.infohub.core.i18n.Messages.of(
                            members.languageOf(r.envelopeSender(), programme));
                    String list = r.list().isEmpty() ? t.get("notice.theHub") : r.list() + "@" + domain;
                    MimeMessage notice = new MimeMessage(Session.getInstance(new java.util.Properties()));
                    notice.setFrom(new javax.mail.internet.InternetAddress((r.list().isEmpty() ? "postmaster" : r.list() + "-owner")
                            + "@" + domain));
                    notice.setRecipient(javax.mail.Message.RecipientType.TO, new javax.mail.internet.InternetAddress(r.envelopeSender()));
                    notice.setSubject(r.subject().isBlank() ? t.get("rejected.subject", list)
                            : t.get("rejected.subjectWith", list, r.subject()), "UTF-8");
                    notice.setHeader("Auto-Submitted", "auto-replied");
                    notice.setHeader("X-Infohub-Loop", domain);
                    String messageId = original.getHeader("Message-ID", null);
                    if (messageId != null) {
                        notice.setHeader("In-Reply-To", messageId);
                    }
                    notice.setText(t.get("rejected.text", list, r.subject(), r.reason()), "UTF-8");
                    notice.saveChanges();
                    mailet.sendMail(new MailAddress((r.list().isEmpty() ? "postmaster" : r.list() + "-bounces") + "@" + domain),
                            java.util.List.of(new MailAddress(r.envelopeSender())), notice, org.infohub.mailet.Processors.RELAY);
                }
                outcomes.rejectionNoticed(r.id(), clock.instant());
                LOG.info("rejected post outcome={} stage=moderation notice={}", r.id(),
                        allowed ? "sent" : "none (sender not a confirmed representative)");
            }
        } catch (DataAccessException e) {
            LOG.warn("rejection notices wait: {}", e.getMessage());
        } catch (javax.mail.MessagingException | RuntimeException e) {
            LOG.error("rejection notices could not be sent: {}", e.getMessage(), e);
        }
    }

    /** Whether the hub's own results confirm {@code sender}: SMTP AUTH as it, SPF for its domain, or DKIM of its organisation. */
    static boolean confirmed(String[] results, String sender, String hubDomain) {
        if (results == null) {
            return false;
        }
        String s = sender.toLowerCase(java.util.Locale.ROOT);
        String senderDomain = s.substring(s.lastIndexOf('@') + 1);
        for (String header : results) {
            String h = header.replaceAll("\\s+", " ").trim().toLowerCase(java.util.Locale.ROOT);
            if (!h.startsWith(hubDomain.toLowerCase(java.util.Locale.ROOT) + ";")) {
                continue;
            }
            for (String part : h.split(";")) {
                String p = part.trim();
                if (p.equals("auth=pass smtp.auth=" + s) || p.equals("spf=pass smtp.mailfrom=" + senderDomain)) {
                    return true;
                }
                if (p.startsWith("dkim=pass header.d=")
                        && org.infohub.mailet.trust.Dmarc.aligned(p.substring("dkim=pass header.d=".length()), senderDomain, false)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

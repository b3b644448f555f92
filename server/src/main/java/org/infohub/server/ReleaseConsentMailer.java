package org.infohub.server;

import java.time.Clock;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.release.Releases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails the originator of a GREEN or AMBER post the redacted text an administrator wants to
 * publish, with a token: a reply to it (to the list's {@code -request} address) whose first line
 * is the single word "agree" approves that very text, "refuse" refuses, anything else publishes
 * nothing and is shown to the administrators, and no answer keeps the post private.
 */
final class ReleaseConsentMailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseConsentMailer.class);

    private final Releases releases;
    private final ArchiveRepository archive;
    private final AtomicReference<MailetContext> context;
    private final String domain;
    private final ScheduledExecutorService timer;

    private final org.infohub.core.member.MembershipRepository members;
    private final JobLeases jobs;
    private final org.infohub.core.i18n.Language programme;

    ReleaseConsentMailer(Releases releases, ArchiveRepository archive, AtomicReference<MailetContext> context, String domain,
                         org.infohub.core.member.MembershipRepository members, org.infohub.core.i18n.Language programme,
                         JobLeases jobs) {
        this.jobs = jobs;
        this.members = members;
        this.programme = programme;
        this.releases = releases;
        this.archive = archive;
        this.context = context;
        this.domain = domain;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-release-consent");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::send, 2, 2, TimeUnit.SECONDS);
    }

    private void send() {
        MailetContext mailet = context.get();
        if (mailet == null || !jobs.mine("consent-requests")) {
            return;
        }
        try {
            for (Releases.Release r : releases.awaitingConsentMail()) {
                Submission post = archive.findBySeq(r.seq()).orElseThrow();
                String request = post.listName() + "-request@" + domain;
                MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
                m.setFrom(new InternetAddress(request));
                m.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(post.sender()));
                org.infohub.core.i18n.Messages t = org.infohub.core.i18n.Messages.of(members.languageOf(post.sender(), programme));
                m.setSubject(t.get("consent.subject", r.consentToken().orElseThrow()), "UTF-8");
                m.setHeader("Auto-Submitted", "auto-generated");
                m.setHeader("X-Infohub-Loop", domain);
                m.setHeader("Content-Language", t.language().tag());
                m.setText(t.get("consent.text", post.subject(), post.tlp().code(), Releases.consentText(r)), "UTF-8");
                m.saveChanges();
                mailet.sendMail(new MailAddress(post.listName() + "-bounces@" + domain), List.of(new MailAddress(post.sender())), m,
                        org.infohub.mailet.Processors.RELAY);
                releases.consentAsked(r.id());
                LOG.info("release={} consent asked of its originator", r.id());
            }
        } catch (DataAccessException e) {
            LOG.warn("release consent mails wait: {}", e.getMessage());
        } catch (javax.mail.MessagingException | RuntimeException e) {
            LOG.error("release consent mail failed: {}", e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

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
import org.infohub.core.db.DataAccessException;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.ManageLinks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the sign-in links representatives ask for on the Public Zone's {@code /subscriptions}
 * page (the console process writes the request; the mail server sends it), to the registered
 * address only, DKIM-signed like everything the hub sends.
 */
final class ManageLinkMailer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManageLinkMailer.class);

    private final ManageLinks links;
    private final AtomicReference<MailetContext> context;
    private final String domain;
    private final String publicUrl;
    private final ScheduledExecutorService timer;

    private final org.infohub.core.member.MembershipRepository members;
    private final org.infohub.core.i18n.Language programme;

    private final JobLeases jobs;

    ManageLinkMailer(Jdbc jdbc, AtomicReference<MailetContext> context, String domain, String publicUrl,
                     org.infohub.core.member.MembershipRepository members, org.infohub.core.i18n.Language programme,
                     JobLeases jobs) {
        this.jobs = jobs;
        this.members = members;
        this.programme = programme;
        this.links = new ManageLinks(jdbc, Clock.systemUTC());
        this.context = context;
        this.domain = domain;
        this.publicUrl = publicUrl;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-manage-links");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::send, 2, 2, TimeUnit.SECONDS);
    }

    private void send() {
        MailetContext mailet = context.get();
        if (mailet == null || !jobs.mine("manage-links")) {
            return;
        }
        List<ManageLinks.Request> unsent;
        try {
            unsent = links.unsent();
        } catch (RuntimeException e) {
            LOG.warn("manage links wait: {}", e.getMessage());
            return;
        }
        for (ManageLinks.Request r : unsent) {
            // one request that cannot be sent never holds up the others: it is set aside with the
            // reason and the next one goes
            try {
                sendOne(mailet, r);
                links.markSent(r.id());
                LOG.info("manage link request={} sent", r.id());
            } catch (DataAccessException e) {
                LOG.warn("manage links wait: {}", e.getMessage());
                return;
            } catch (Throwable e) {
                LOG.error("manage link request={} set aside: {}", r.id(), e.toString());
                try {
                    links.markFailed(r.id(), e.toString());
                } catch (RuntimeException again) {
                    LOG.warn("manage links wait: {}", again.getMessage());
                    return;
                }
            }
        }
    }

    private void sendOne(MailetContext mailet, ManageLinks.Request r) throws Exception {
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()));
        m.setFrom(new InternetAddress("postmaster@" + domain, "Infohub", "UTF-8"));
        m.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(r.email(), true));
        org.infohub.core.i18n.Messages t = org.infohub.core.i18n.Messages.of(members.languageOf(r.email(), programme));
        m.setSubject(t.get("manage.mail.subject"), "UTF-8");
        m.setHeader("Auto-Submitted", "auto-generated");
        m.setHeader("X-Infohub-Loop", domain);
        m.setHeader("Content-Language", t.language().tag());
        m.setText(t.get("manage.mail.text", r.email(), publicUrl + "/subscriptions/" + links.token(r.email()),
                ManageLinks.VALID.toHours()), "UTF-8");
        m.saveChanges();
        mailet.sendMail(new MailAddress("postmaster@" + domain), List.of(new MailAddress(r.email())), m, org.infohub.mailet.Processors.RELAY);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

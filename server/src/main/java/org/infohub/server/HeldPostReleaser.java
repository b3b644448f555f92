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
    private final AtomicReference<MailetContext> context;
    private final String domain;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicInteger tries = new AtomicInteger();

    HeldPostReleaser(VettingOutcomes outcomes, AtomicReference<MailetContext> context, String domain, Clock clock) {
        this.outcomes = outcomes;
        this.context = context;
        this.domain = domain;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-moderation");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::release, 2, 2, TimeUnit.SECONDS);
    }

    private void release() {
        MailetContext mailet = context.get();
        if (mailet == null) {
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
                mailet.sendMail(mail, "hub-vetting");
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

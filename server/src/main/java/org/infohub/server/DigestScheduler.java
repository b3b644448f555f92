package org.infohub.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.MailetContext;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.DataAccessException;
import org.infohub.core.digest.Digests;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the digests daily at the configured local time (and earlier for a representative whose
 * waiting posts pass {@code digest.max.items}), and hands the outbox to James's durable spool
 * every few seconds, including digests built by {@code ./infohub digest send-now} in another process.
 */
final class DigestScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DigestScheduler.class);
    private static final Session SESSION = Session.getInstance(new java.util.Properties());

    private final HubConfig config;
    private final Digests digests;
    private final java.util.concurrent.atomic.AtomicReference<MailetContext> context;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final AtomicInteger tries = new AtomicInteger();
    private volatile Instant nextDaily;

    /** Which node builds and hands over digests now; null: this node alone (tests that build digests by hand). */
    private final JobLeases jobs;

    DigestScheduler(HubConfig config, Digests digests, java.util.concurrent.atomic.AtomicReference<MailetContext> context,
                    Clock clock) {
        this(config, digests, context, clock, null);
    }

    DigestScheduler(HubConfig config, Digests digests, java.util.concurrent.atomic.AtomicReference<MailetContext> context,
                    Clock clock, JobLeases jobs) {
        this.jobs = jobs;
        this.config = config;
        this.digests = digests;
        this.context = context;
        this.clock = clock;
        this.nextDaily = nextRun(clock.instant());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-digests");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 2, 2, TimeUnit.SECONDS);
        LOG.info("digests daily at {} {}, next at {}", config.digestTime(), config.digestZone(), nextDaily);
    }

    Instant nextRun(Instant after) {
        return nextRun(config.digestTime(), config.digestZone(), after);
    }

    /** The next daily run strictly after {@code after}, at {@code time} local time in {@code zone}. */
    static Instant nextRun(java.time.LocalTime time, java.time.ZoneId zone, Instant after) {
        ZonedDateTime now = after.atZone(zone);
        ZonedDateTime today = now.with(time);
        return (today.isAfter(now) ? today : today.plusDays(1)).toInstant();
    }

    private long lastSizeCheck;

    private void tick() {
        if (jobs != null && !jobs.mine("digests")) {
            return;
        }
        try {
            Instant now = clock.instant();
            if (!now.isBefore(nextDaily)) {
                int built = digests.buildAll(1);
                LOG.info("daily digests: {} built ({})", built, digests.lastRound());
                nextDaily = nextRun(now);
            } else if (System.nanoTime() - lastSizeCheck > Duration.ofMinutes(1).toNanos()) {
                lastSizeCheck = System.nanoTime();
                int built = digests.buildAll(config.digestMaxItems());
                if (built > 0) {
                    LOG.info("{} digest(s) built early: {} or more posts were waiting ({})", built, config.digestMaxItems(),
                            digests.lastRound());
                }
            }
            handOver();
        } catch (DataAccessException e) {
            LOG.warn("digests paused: {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("digests failed: {}", e.getMessage(), e);
        }
    }

    /** Puts every digest of the outbox on James's spool; the pipeline records each hand-over once. */
    synchronized int handOver() {
        MailetContext mailet = context.get();
        if (mailet == null) {
            return 0;
        }
        List<Digests.Pending> pending = digests.pending();
        if (pending.size() <= 1) {
            pending.forEach(p -> queue(mailet, p));
            return pending.size();
        }
        // Several at once: the spool's journal is forced to disk before each hand-over returns, and
        // hand-overs in flight together share one force (group commit); one at a time, every digest
        // waited for a force of its own.
        List<java.util.concurrent.Future<?>> queued = new java.util.ArrayList<>();
        for (Digests.Pending p : pending) {
            queued.add(handOvers.submit(() -> queue(mailet, p)));
        }
        for (java.util.concurrent.Future<?> f : queued) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                // Not marked queued: it stays in the outbox and is handed over again later.
                LOG.warn("a digest was not handed over yet: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return pending.size();
    }

    /** Threads that hand digests over together (see {@link #handOver}). */
    private final java.util.concurrent.ExecutorService handOvers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "infohub-digest-hand-over");
        t.setDaemon(true);
        return t;
    });

    /** Puts one digest on the spool (again, if it was: the pipeline drops the second copy). */
    void queue(MailetContext mailet, Digests.Pending p) {
        {
            try {
                // A placeholder naming the outbox entry: the pipeline builds the digest from its
                // references (HandOverDigest), so the spool's journal holds a few hundred bytes a
                // digest instead of the digest.
                MimeMessage message = new MimeMessage(SESSION, new java.io.ByteArrayInputStream((
                        "Message-ID: " + p.messageId() + "\r\n" + Digests.OUTBOX_HEADER + ": " + p.id() + "\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                MailImpl mail = MailImpl.builder().name("digest-" + p.id() + "-" + tries.incrementAndGet())
                        .sender(new MailAddress("digest-bounces@" + config.domain())).addRecipients(recipients(p))
                        .mimeMessage(message).state(org.infohub.mailet.Processors.DIGEST).build();
                mailet.sendMail(mail, org.infohub.mailet.Processors.DIGEST);
                mail.dispose();
                digests.markQueued(p.id());
            } catch (javax.mail.MessagingException e) {
                LOG.warn("digest outbox={} not handed over yet: {}", p.id(), e.getMessage());
            }
        }
    }

    private static List<MailAddress> recipients(Digests.Pending p) throws javax.mail.internet.AddressException {
        List<MailAddress> out = new java.util.ArrayList<>();
        for (String r : p.recipients()) {
            out.add(new MailAddress(r));
        }
        return out;
    }

    /** A second hand-over of a digest, as after a crash between queueing it and recording that: for tests. */
    void queueAgain(long outboxId) {
        Digests.Pending p = digests.outboxEntry(outboxId).orElseThrow();
        queue(context.get(), p);
    }

    /** Builds every waiting digest now and hands them over: {@code digest send-now} and tests. */
    int sendNow() {
        int built = digests.buildAll(1);
        handOver();
        return built;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        handOvers.shutdownNow();
    }
}

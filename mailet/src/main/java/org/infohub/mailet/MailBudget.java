package org.infohub.mailet;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time one mail may spend on one pass through the pipeline ({@code pipeline.mail.budget.seconds},
 * default 60 s). James runs each mail through every processor on one spool thread, so the time is
 * kept per thread, for the mail object that thread carries. Before each hub mailet, a mail over its budget is sent to the
 * {@code hub-over-budget} processor (set aside in a repository of its own, its sender told). The time
 * counts from the first hub mailet of the pass, matchers and James's own mailets included. A
 * watchdog interrupts a thread whose mail passes the budget inside a mailet, so whatever waits
 * (a lock, interruptible I/O) gives up and the mail is set aside the same way, and while such a
 * mail is still running the hub reports itself degraded. A mail's budget starts again on each
 * pass (after a restart or a retry it has its full budget).
 */
public final class MailBudget implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MailBudget.class);

    /** What a spool thread is doing: the mail (this very object), since when, and whether in a hub mailet now. */
    private static final class Pass {
        final Object mail;
        final String name;
        final long startNanos = System.nanoTime();
        long spentNanos;
        long enteredNanos = -1;
        boolean interrupted;

        Pass(Object mail, String name) {
            this.mail = mail;
            this.name = name;
        }
    }

    private static volatile MailBudget installed;

    private final long budgetNanos;
    private final Map<Thread, Pass> passes = new ConcurrentHashMap<>();
    private final AtomicLong setAside = new AtomicLong();
    private final ScheduledExecutorService watchdog;

    public MailBudget(Duration budget) {
        this.budgetNanos = budget.toNanos();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-mail-budget");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, Math.min(1000, budget.toMillis() / 10));
        watchdog.scheduleWithFixedDelay(this::watch, period, period, TimeUnit.MILLISECONDS);
    }

    /** Makes this the budget every hub mailet keeps to (one server per process). */
    public MailBudget install() {
        installed = this;
        return this;
    }

    /** The installed budget; null when none is (mailets run without one, as in unit tests). */
    static MailBudget installed() {
        return installed;
    }

    public Duration budget() {
        return Duration.ofNanos(budgetNanos);
    }

    /**
     * Called as a hub mailet starts on {@code mail} on this thread; false when the mail has already
     * spent its budget (the caller sets it aside instead).
     */
    boolean enter(org.apache.mailet.Mail mail) {
        Thread t = Thread.currentThread();
        Pass p = passes.get(t);
        // A mail taken from the spool is a new object: a retried mail starts a new pass.
        if (p == null || p.mail != mail) {
            p = new Pass(mail, mail.getName());
            passes.put(t, p);
        }
        synchronized (p) {
            long now = System.nanoTime();
            p.spentNanos = now - p.startNanos;
            if (p.spentNanos > budgetNanos) {
                return false;
            }
            p.enteredNanos = now;
            return true;
        }
    }

    /** Called as the hub mailet ends; true when the mail went over its budget meanwhile. */
    boolean exit() {
        Thread t = Thread.currentThread();
        Pass p = passes.get(t);
        if (p == null) {
            return false;
        }
        synchronized (p) {
            p.spentNanos = System.nanoTime() - p.startNanos;
            p.enteredNanos = -1;
            if (p.interrupted) {
                // the watchdog's interrupt is for this mail only: the thread goes on with the next
                Thread.interrupted();
            }
            return p.spentNanos > budgetNanos;
        }
    }

    /** Counts a mail set aside (for {@code infohub_mails_over_budget_total}). */
    void setAside(String mail, String where) {
        setAside.incrementAndGet();
        LOG.warn("over budget mail={} stage={} budget={}s: set aside in the over-budget repository", mail, where,
                budgetNanos / 1_000_000_000L);
    }

    /** Mails set aside since the start. */
    public long setAsideCount() {
        return setAside.get();
    }

    /** How many mails are over their budget and still running now (the hub is degraded while any is). */
    public int overBudgetNow() {
        long now = System.nanoTime();
        int n = 0;
        for (Pass p : passes.values()) {
            synchronized (p) {
                if (p.enteredNanos >= 0 && now - p.startNanos > budgetNanos) {
                    n++;
                }
            }
        }
        return n;
    }

    private void watch() {
        long now = System.nanoTime();
        for (Map.Entry<Thread, Pass> e : passes.entrySet()) {
            Pass p = e.getValue();
            synchronized (p) {
                if (p.enteredNanos >= 0 && !p.interrupted && now - p.startNanos > budgetNanos) {
                    p.interrupted = true;
                    LOG.warn("over budget mail={} thread={}: interrupting it", p.name, e.getKey().getName());
                    e.getKey().interrupt();
                }
            }
            if (!e.getKey().isAlive()) {
                passes.remove(e.getKey());
            }
        }
    }

    @Override
    public void close() {
        if (installed == this) {
            installed = null;
        }
        watchdog.shutdownNow();
    }
}

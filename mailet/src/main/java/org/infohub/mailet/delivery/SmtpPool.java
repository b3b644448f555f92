package org.infohub.mailet.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The smarthost's connections, kept open between posts: a post's transactions are shared out
 * over up to {@code perPost} of them at once, at most {@code max} in all. Each recipient of each
 * transaction ends in one of three ways: delivered ({@code 250} after the message); refused for
 * good ({@code 5xx}: reported with the server's reply); or to be retried (a {@code 4xx}, a broken
 * connection after the message was written, no connection at all). A connection that breaks
 * before the message's end was written delivered nothing, so that transaction is tried once more
 * on a fresh connection (an idle connection the server had closed). Nothing is dropped.
 */
public final class SmtpPool implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SmtpPool.class);
    /** Idle connections older than this are closed rather than reused (servers drop them). */
    static final Duration IDLE = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final String helo;
    private final int perPost;
    private final Semaphore permits;
    private final Deque<SmtpConnection> idle = new ArrayDeque<>();
    private final ExecutorService workers;
    private final java.util.concurrent.ScheduledExecutorService reaper;
    private volatile boolean closed;
    private final OutgoingTls tls;
    private final SmtpConnection.Timeouts timeouts;
    private volatile java.util.function.Consumer<String> onSessionFailure = reason -> { };
    /** Whether the last session went wrong: the operator is told once per episode, not per post. */
    private final java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * What became of each recipient of a batch of transactions; {@code held}: not sent because the
     * connection was not encrypted and the mail may leave only over TLS (the TLP floor).
     */
    public record Outcome(List<Transaction> retry, List<Refused> refused, int delivered, List<Transaction> held) {
        Outcome(List<Transaction> retry, List<Refused> refused, int delivered) {
            this(retry, refused, delivered, List.of());
        }
    }

    /** Recipients of a transaction the server refused for good, with its reply. */
    public record Refused(Transaction transaction, String reply) {
    }

    public SmtpPool(String host, int port, String helo, int perPost, int max) {
        this(host, port, helo, perPost, max, null);
    }

    /** With {@code tls} (STARTTLS and SMTP AUTH, see {@link OutgoingTls}) on every connection. */
    public SmtpPool(String host, int port, String helo, int perPost, int max, OutgoingTls tls) {
        this(host, port, helo, perPost, max, tls, SmtpConnection.Timeouts.RFC_5321);
    }

    /** With {@code timeouts} for each command (RFC 5321's by default). */
    public SmtpPool(String host, int port, String helo, int perPost, int max, OutgoingTls tls,
                    SmtpConnection.Timeouts timeouts) {
        this.timeouts = timeouts;
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.helo = helo;
        this.perPost = Math.max(1, perPost);
        this.permits = new Semaphore(Math.max(1, max), true);
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "infohub-smtp-out");
            t.setDaemon(true);
            return t;
        });
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-smtp-idle");
            t.setDaemon(true);
            return t;
        });
        reaper.scheduleWithFixedDelay(this::closeIdle, 10, 10, TimeUnit.SECONDS);
    }

    /** Told of each session that fails as a whole, by reason (for {@code /metrics}). */
    public SmtpPool onSessionFailure(java.util.function.Consumer<String> listener) {
        this.onSessionFailure = listener;
        return this;
    }

    private void sessionFailed(String reason, String detail) {
        onSessionFailure.accept(reason);
        if (failing.compareAndSet(false, true)) {
            LOG.warn("smarthost {}:{}: {} ({}); copies are kept for a retry, this is said once until a session succeeds",
                    host, port, reason, detail);
        }
    }

    private void sessionSucceeded() {
        if (failing.compareAndSet(true, false)) {
            LOG.warn("smarthost {}:{} takes mail again", host, port);
        }
    }

    /** Sends every transaction; returns when each has an outcome. */
    public Outcome send(List<Transaction> transactions) {
        return send(transactions, false);
    }

    /**
     * Sends every transaction, with {@code requiresTls} only over an encrypted connection: on one
     * the server did not offer STARTTLS for, the transactions are {@link Outcome#held held}, not sent.
     */
    public Outcome send(List<Transaction> transactions, boolean requiresTls) {
        if (transactions.isEmpty()) {
            return new Outcome(List.of(), List.of(), 0);
        }
        ConcurrentLinkedQueue<Transaction> todo = new ConcurrentLinkedQueue<>(transactions);
        int n = Math.min(perPost, transactions.size());
        List<Future<Outcome>> parts = new ArrayList<>();
        for (int i = 0; i < n - 1; i++) {
            parts.add(workers.submit(() -> work(todo, requiresTls)));
        }
        List<Transaction> retry = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        List<Transaction> held = new ArrayList<>();
        int delivered = 0;
        Outcome mine = work(todo, requiresTls);
        retry.addAll(mine.retry());
        refused.addAll(mine.refused());
        held.addAll(mine.held());
        delivered += mine.delivered();
        for (Future<Outcome> f : parts) {
            try {
                Outcome o = f.get(workLimit().toMillis(), TimeUnit.MILLISECONDS);
                retry.addAll(o.retry());
                refused.addAll(o.refused());
                held.addAll(o.held());
                delivered += o.delivered();
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("a sender thread failed: {}", String.valueOf(e.getCause()));
            } catch (java.util.concurrent.TimeoutException e) {
                // Its transactions are retried; a copy it still sends may then arrive twice, never none.
                f.cancel(true);
                LOG.warn("a sender thread took longer than {} s; its transactions go to the retry queue",
                        workLimit().toSeconds());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Whatever no worker took (a worker died, or this thread was interrupted) is retried later.
        Transaction left;
        while ((left = todo.poll()) != null) {
            retry.add(left);
        }
        return new Outcome(retry, refused, delivered, held);
    }

    /**
     * The longest a post waits for one of its sender threads: every transaction of the post on that
     * connection with each command at its RFC 5321 limit would take longer, but a server that
     * stalls holds one spool thread no longer than this.
     */
    private Duration workLimit() {
        // Every batch a sender thread may take, each transaction at its limit: in practice a stalled
        // server ends the session at one command's timeout, and the batch goes to the retry queue.
        return timeouts.transaction().multipliedBy(2).plusMinutes(1);
    }

    /** Transactions a connection takes from the post's queue at a time (pipelined together). */
    static final int BATCH = 16;

    private Outcome work(ConcurrentLinkedQueue<Transaction> todo, boolean requiresTls) {
        List<Transaction> held = new ArrayList<>();
        List<Transaction> retry = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        int[] delivered = {0};
        SmtpConnection c = null;
        boolean permit = false;
        // Transactions a broken connection left undelivered for sure: tried once more on a fresh one.
        List<Transaction> again = new ArrayList<>();
        try {
            permits.acquire();
            permit = true;
            while (true) {
                List<Transaction> batch = new ArrayList<>(BATCH);
                boolean second = !again.isEmpty();
                if (second) {
                    batch.addAll(again);
                    again.clear();
                } else {
                    Transaction t;
                    while (batch.size() < BATCH && (t = todo.poll()) != null) {
                        batch.add(t);
                    }
                }
                if (batch.isEmpty()) {
                    break;
                }
                if (c == null) {
                    try {
                        c = connection();
                    } catch (IOException e) {
                        unreachable(e, batch, todo, retry);
                        return new Outcome(retry, refused, delivered[0], held);
                    }
                }
                if (requiresTls && !c.encrypted()) {
                    // A kept connection may be older than the server's STARTTLS: ask a fresh one.
                    c.quit();
                    c = null;
                    try {
                        c = new SmtpConnection(host, port, helo, Duration.ofSeconds(60), timeouts, tls);
                    } catch (IOException e) {
                        unreachable(e, batch, todo, retry);
                        return new Outcome(retry, refused, delivered[0], held);
                    }
                }
                if (requiresTls && !c.encrypted()) {
                    // The TLP floor: this server offered no STARTTLS, so these wait for one that does.
                    held.addAll(batch);
                    Transaction t;
                    while ((t = todo.poll()) != null) {
                        held.add(t);
                    }
                    break;
                }
                try {
                    List<SmtpConnection.Result> results = c.sendAll(batch);
                    boolean refusedSession = false;
                    for (int i = 0; i < results.size(); i++) {
                        refusedSession |= account(batch.get(i), results.get(i), retry, refused, delivered);
                    }
                    if (refusedSession) {
                        sessionFailed("mail-from-refused", "MAIL FROM refused");
                    } else {
                        sessionSucceeded();
                    }
                } catch (SmtpConnection.BrokenBatch e) {
                    c = null;
                    if (second || !e.unknown.isEmpty()) {
                        // (A kept connection the server closed while idle breaks before anything is
                        // written: tried again on a fresh one, that is no failure.)
                        sessionFailed(e.getCause() instanceof java.net.SocketTimeoutException
                                || String.valueOf(e.getMessage()).contains("timed out") ? "timeout" : "connection-lost",
                                String.valueOf(e.getMessage()));
                    }
                    for (int i = 0; i < e.results.size(); i++) {
                        account(batch.get(i), e.results.get(i), retry, refused, delivered);
                    }
                    LOG.info("smarthost connection broke ({}); {} transactions of unknown fate go to the retry queue",
                            e.getMessage(), e.unknown.size());
                    retry.addAll(e.unknown);
                    if (second) {
                        retry.addAll(e.untouched);
                    } else {
                        again.addAll(e.untouched);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            retry.addAll(again);
        } finally {
            if (c != null) {
                giveBack(c);
            }
            if (permit) {
                permits.release();
            }
        }
        return new Outcome(retry, refused, delivered[0], held);
    }

    /** No session could be had: this batch and everything the post still has go to the retry queue. */
    private void unreachable(IOException e, List<Transaction> batch, ConcurrentLinkedQueue<Transaction> todo,
                             List<Transaction> retry) {
        sessionFailed(String.valueOf(e.getMessage()).contains("STARTTLS") ? "no-starttls" : "unreachable",
                String.valueOf(e.getMessage()));
        LOG.info("smarthost {}:{} not reachable ({}); {} transactions go to the retry queue", host, port, e.getMessage(),
                todo.size() + batch.size());
        retry.addAll(batch);
        Transaction t;
        while ((t = todo.poll()) != null) {
            retry.add(t);
        }
    }

    /** Sorts a transaction's recipients by their reply; true when the server refused the session's MAIL FROM. */
    private static boolean account(Transaction t, SmtpConnection.Result result, List<Transaction> retry,
                                   List<Refused> refused, int[] delivered) {
        boolean sessionRefused = false;
        List<String> later = new ArrayList<>();
        java.util.Map<String, List<String>> byReply = new java.util.LinkedHashMap<>();
        for (int i = 0; i < result.recipients().size(); i++) {
            SmtpConnection.Reply r = result.replies().get(i);
            if (r.ok()) {
                delivered[0]++;
            } else if (r.permanent()) {
                byReply.computeIfAbsent(r.text(), k -> new ArrayList<>()).add(result.recipients().get(i));
            } else {
                later.add(result.recipients().get(i));
                sessionRefused |= r.text().startsWith(SmtpConnection.MAIL_FROM_REFUSED);
            }
        }
        if (!later.isEmpty()) {
            retry.add(new Transaction(t.from(), later, t.data()));
        }
        for (var e : byReply.entrySet()) {
            refused.add(new Refused(new Transaction(t.from(), e.getValue(), t.data()), e.getKey()));
        }
        return sessionRefused;
    }

    private SmtpConnection connection() throws IOException {
        while (true) {
            SmtpConnection c;
            synchronized (idle) {
                c = idle.pollFirst();
            }
            if (c == null) {
                return new SmtpConnection(host, port, helo, Duration.ofSeconds(60), timeouts, tls);
            }
            if (c.idleNanos() < IDLE.toNanos() && !c.isClosed()) {
                return c;
            }
            c.quit();
        }
    }

    private void giveBack(SmtpConnection c) {
        if (closed || c.isClosed()) {
            c.close();
            return;
        }
        synchronized (idle) {
            idle.addFirst(c);
        }
    }

    private void closeIdle() {
        List<SmtpConnection> old = new ArrayList<>();
        synchronized (idle) {
            idle.removeIf(c -> {
                if (c.idleNanos() >= IDLE.toNanos() || c.isClosed()) {
                    old.add(c);
                    return true;
                }
                return false;
            });
        }
        old.forEach(SmtpConnection::quit);
    }

    @Override
    public void close() {
        closed = true;
        reaper.shutdownNow();
        workers.shutdownNow();
        List<SmtpConnection> all;
        synchronized (idle) {
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(SmtpConnection::quit);
    }
}

package org.infohub.server;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infohub.core.db.DataAccessException;
import org.infohub.core.stats.HubCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds what an in-memory counter gained to its MariaDB counter every two seconds, so the admin
 * {@code stats} (another process) sees it. The counter it carries is mostly counted while MariaDB
 * is away, so a failed write is simply tried again with the larger difference.
 */
final class CounterFlusher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CounterFlusher.class);

    private final HubCounters counters;
    private final String name;
    private final AtomicLong source;
    private final ScheduledExecutorService timer;
    private long written;

    CounterFlusher(HubCounters counters, String name, AtomicLong source) {
        this.counters = counters;
        this.name = name;
        this.source = source;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "infohub-counters");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::flush, 2, 2, TimeUnit.SECONDS);
    }

    synchronized void flush() {
        long now = source.get();
        long delta = now - written;
        if (delta <= 0) {
            return;
        }
        try {
            counters.add(name, delta);
            written = now;
        } catch (DataAccessException e) {
            LOG.debug("counter {} not written yet ({}), will retry", name, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        flush();
    }
}

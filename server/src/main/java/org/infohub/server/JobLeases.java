package org.infohub.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.infohub.core.cluster.Leases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's background jobs asking, at each tick, whether this node runs them now (issue 29: two
 * nodes on one database send each digest, consent request, sign-in link and held-post decision
 * once). A job's lease lasts {@link #TTL}; the holder renews it at every tick (every 2 s), so
 * another node takes over within {@code TTL} of the holder's death. A database that cannot answer
 * means "not now": the job waits, as it did before when the database was away.
 */
final class JobLeases {
    private static final Logger LOG = LoggerFactory.getLogger(JobLeases.class);
    /** How long a lease outlives its last renewal. */
    static final Duration TTL = Duration.ofSeconds(30);

    private final Leases leases;
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    JobLeases(Leases leases) {
        this.leases = leases;
    }

    /** Whether this node runs {@code job} now (its lease taken or renewed). */
    boolean mine(String job) {
        boolean mine;
        try {
            mine = leases.acquire(job, TTL);
        } catch (RuntimeException e) {
            LOG.debug("job={} waits: {}", job, e.getMessage());
            return false;
        }
        if (mine && held.add(job)) {
            LOG.info("job={} runs on this node ({})", job, leases.node());
        } else if (!mine && held.remove(job)) {
            LOG.info("job={} is run by another node now", job);
        }
        return mine;
    }

    /** Gives back every lease this node holds (an orderly stop), so another node takes over at once. */
    void releaseAll() {
        for (String job : held) {
            try {
                leases.release(job);
            } catch (RuntimeException e) {
                LOG.debug("job={} lease left to expire: {}", job, e.getMessage());
            }
        }
        held.clear();
    }
}

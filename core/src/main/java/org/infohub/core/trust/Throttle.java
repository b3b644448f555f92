package org.infohub.core.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed sign-ins per client address, in memory: past {@code max} failures within {@code window}
 * an address is turned away before any password is checked, so one address cannot make the hub
 * spend its CPU on password hashes, nor try many accounts. At most {@code capacity} addresses are
 * remembered (the least recently failed are forgotten first), so the table itself cannot be made
 * to grow without bound.
 */
public final class Throttle {
    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures;

    public Throttle(int max, Duration window, int capacity, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** How long {@code key} must wait before it may try again; zero when it may try now. */
    public synchronized Duration wait(String key) {
        Deque<Instant> d = failures.get(key);
        if (d == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        while (!d.isEmpty() && d.peekFirst().plus(window).isBefore(now)) {
            d.pollFirst();
        }
        if (d.size() < max) {
            return Duration.ZERO;
        }
        return Duration.between(now, d.peekFirst().plus(window));
    }

    public synchronized void failed(String key) {
        Deque<Instant> d = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        d.addLast(clock.instant());
        while (d.size() > max) {
            d.pollFirst();
        }
    }

    public synchronized void succeeded(String key) {
        failures.remove(key);
    }
}

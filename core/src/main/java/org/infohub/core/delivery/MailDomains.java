package org.infohub.core.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.infohub.core.db.Jdbc;

/**
 * What the hub knows of each member domain's mail servers, for one decision: whether its members
 * need a copy of their own with an RFC 8058 one-click link (their MX hosts end in one of
 * {@code delivery.oneclick.mx}). Looked up at most once a day per domain (kept in MariaDB, so a
 * restart and the command line see the same answer) and held in memory in between.
 */
public final class MailDomains {
    public static final Duration FRESH = Duration.ofDays(1);
    private static final String READ = "SELECT mx, one_click, checked_at FROM mail_domain WHERE domain = ?";
    private static final String UPSERT = "INSERT INTO mail_domain (domain, mx, one_click, checked_at) VALUES (?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE mx = VALUES(mx), one_click = VALUES(one_click), checked_at = VALUES(checked_at)";
    private static final String ONE_CLICK_DOMAINS = "SELECT domain FROM mail_domain WHERE one_click";

    /** What a lookup found: the MX hosts (none: the lookup failed or the domain has none). */
    public record Known(List<String> mx, boolean oneClick, Instant checkedAt) {
    }

    /** Finds the MX hosts of a domain; an exception means the answer is unknown for now. */
    @FunctionalInterface
    public interface MxLookup {
        List<String> mx(String domain) throws Exception;
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final List<String> suffixes;
    private final MxLookup lookup;
    private final Map<String, Known> cache = new ConcurrentHashMap<>();

    public MailDomains(Jdbc jdbc, Clock clock, List<String> suffixes, MxLookup lookup) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.suffixes = suffixes.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.lookup = lookup;
    }

    private final java.util.concurrent.ExecutorService lookups = java.util.concurrent.Executors.newFixedThreadPool(8, r -> {
        Thread t = new Thread(r, "infohub-mx-lookup");
        t.setDaemon(true);
        return t;
    });
    private final java.util.Set<String> refreshing = ConcurrentHashMap.newKeySet();

    /**
     * For each domain, whether its members need a one-click copy of their own. Domains never seen
     * are looked up now, several at once; a stale answer is used and refreshed in the background.
     */
    public Map<String, Boolean> oneClick(java.util.Collection<String> domains) {
        Instant now = clock.instant();
        Map<String, Boolean> out = new java.util.HashMap<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (String domain : domains) {
            String d = domain.toLowerCase(Locale.ROOT);
            Known k = cache.get(d);
            if (k == null) {
                try {
                    k = jdbc.queryOne(READ, rs -> new Known(rs.getString(1).isEmpty() ? List.of()
                            : List.of(rs.getString(1).split(" ")), rs.getBoolean(2), Jdbc.instant(rs, "checked_at")), d)
                            .orElse(null);
                } catch (org.infohub.core.db.DataAccessException e) {
                    k = null; // MariaDB away: look it up; the answer is kept in memory
                }
                if (k != null) {
                    cache.put(d, k);
                }
            }
            if (k == null) {
                unknown.add(d);
                continue;
            }
            out.put(d, k.oneClick());
            if (!k.checkedAt().plus(FRESH).isAfter(now) && refreshing.add(d)) {
                lookups.execute(() -> {
                    try {
                        refresh(d);
                    } finally {
                        refreshing.remove(d);
                    }
                });
            }
        }
        List<java.util.concurrent.Future<Known>> found = new java.util.ArrayList<>();
        for (String d : unknown) {
            found.add(lookups.submit(() -> refresh(d)));
        }
        for (int i = 0; i < unknown.size(); i++) {
            try {
                out.put(unknown.get(i), found.get(i).get().oneClick());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                out.put(unknown.get(i), false);
            } catch (java.util.concurrent.ExecutionException e) {
                out.put(unknown.get(i), false);
            }
        }
        return out;
    }

    /** Looks {@code domain} up now and keeps the answer. */
    public Known refresh(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Known before = cache.get(d);
        Instant now = clock.instant();
        Known found;
        try {
            List<String> mx = lookup.mx(d).stream().map(h -> h.toLowerCase(Locale.ROOT).replaceAll("\\.$", "")).toList();
            found = new Known(mx, mx.stream().anyMatch(this::provider), now);
        } catch (Exception e) {
            // Unknown for now: keep what was known (a provider stays one) and ask again in an hour.
            found = new Known(before == null ? List.of() : before.mx(), before != null && before.oneClick(),
                    now.minus(FRESH).plus(Duration.ofHours(1)));
        }
        cache.put(d, found);
        try {
            jdbc.execute(UPSERT, d, String.join(" ", found.mx()), found.oneClick(), found.checkedAt());
        } catch (org.infohub.core.db.DataAccessException e) {
            // MariaDB away: kept in memory; written with the next lookup
        }
        return found;
    }

    public void close() {
        lookups.shutdownNow();
    }

    private boolean provider(String host) {
        for (String s : suffixes) {
            if (host.equals(s) || host.endsWith("." + s)) {
                return true;
            }
        }
        return false;
    }

    /** The domains last found to need one-click copies, for {@code ./infohub list show}. */
    public static java.util.Set<String> oneClickDomains(Jdbc jdbc) {
        return new java.util.HashSet<>(jdbc.query(ONE_CLICK_DOMAINS, rs -> rs.getString(1)));
    }
}

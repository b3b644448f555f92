package org.infohub.core.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.infohub.core.db.Jdbc;

/**
 * The domains whose copies wait because their receiving server offered no STARTTLS and the copies'
 * label is at or above the TLS floor: what the console and {@code /metrics} show, and whose list
 * owners are told once per domain.
 */
public final class TlsHeld {
    private final Jdbc jdbc;
    private final Clock clock;

    /** One domain's copies kept back: since when, through which server, how many. */
    public record Held(String domain, String server, Instant since, Instant last, long copies, boolean ownersTold) {
    }

    public TlsHeld(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records {@code copies} more copies to {@code domain} kept back at {@code server}; returns the
     * domains among them whose owners have not been told yet, marked told now (so each is told once).
     */
    public List<String> hold(java.util.Map<String, Integer> copiesByDomain, String server) {
        Timestamp now = Timestamp.from(clock.instant());
        String where = server.length() > 300 ? server.substring(0, 300) : server;
        List<String> toTell = new ArrayList<>();
        maybeHeld.set(true);
        for (var e : copiesByDomain.entrySet()) {
            String domain = e.getKey().toLowerCase(Locale.ROOT);
            jdbc.execute("INSERT INTO tls_held (domain, server, first_held_at, last_held_at, copies) VALUES (?, ?, ?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE server = VALUES(server), last_held_at = VALUES(last_held_at), "
                    + "copies = copies + VALUES(copies)", domain, where, now, now, e.getValue());
            if (jdbc.execute("UPDATE tls_held SET owners_told_at = ? WHERE domain = ? AND owners_told_at IS NULL", now,
                    domain) == 1) {
                toTell.add(domain);
            }
        }
        return toTell;
    }

    /** A copy reached {@code domains} over TLS: nothing waits for them any more on this account. */
    public void cleared(Collection<String> domains) {
        for (String d : domains) {
            jdbc.execute("DELETE FROM tls_held WHERE domain = ?", d.toLowerCase(Locale.ROOT));
        }
    }

    /**
     * {@code server} took copies over TLS: the domains held there are no longer. Costs a query only
     * while something is held (known since the last start), so a post's delivery does not pay for it.
     */
    public void clearedAt(String server) {
        if (maybeHeld.get()) {
            jdbc.execute("DELETE FROM tls_held WHERE server = ?", server.length() > 300 ? server.substring(0, 300) : server);
            maybeHeld.set(jdbc.queryLong("SELECT COUNT(*) FROM tls_held") > 0);
        }
    }

    /** Whether any row may exist: true at the start (rows from before) and after each hold. */
    private final java.util.concurrent.atomic.AtomicBoolean maybeHeld = new java.util.concurrent.atomic.AtomicBoolean(true);

    /** Every domain with copies kept back, longest waiting first. */
    public List<Held> current() {
        return jdbc.query("SELECT domain, server, first_held_at, last_held_at, copies, owners_told_at FROM tls_held "
                + "ORDER BY first_held_at, domain", rs -> new Held(rs.getString("domain"), rs.getString("server"),
                Jdbc.instant(rs, "first_held_at"), Jdbc.instant(rs, "last_held_at"), rs.getLong("copies"),
                rs.getTimestamp("owners_told_at") != null));
    }
}

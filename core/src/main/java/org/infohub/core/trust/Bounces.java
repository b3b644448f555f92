package org.infohub.core.trust;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;

/**
 * Bounce scores. Each counted bounce adds one point to the representative's score; the score halves
 * every {@code halfLife}, so an old failure fades and a mailbox that fails day after day climbs.
 * Past {@code threshold} delivery to the representative stops (on every list and in digests) until
 * an administrator turns it back on; the caller tells the list owners, once. A bounce that is not
 * counted (a spam rejection says nothing about the mailbox) is recorded with the score unchanged.
 */
public final class Bounces {
    private static final String LOCK = "SELECT bounce_score, bounce_at, delivery_disabled_at FROM representative "
            + "WHERE id = ? FOR UPDATE";
    private static final String UPDATE = "UPDATE representative SET bounce_score = ?, bounce_at = ? WHERE id = ?";
    private static final String DISABLE = "UPDATE representative SET delivery_disabled_at = ? WHERE id = ?";
    private static final String ENABLE = "UPDATE representative SET delivery_disabled_at = NULL, bounce_score = 0 "
            + "WHERE id = ?";
    private static final String EVENT = "INSERT INTO bounce_event (representative_id, list_local_part, received_at, "
            + "status, counted, diagnostic, score_after) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String STATE = "SELECT bounce_score, bounce_at, delivery_disabled_at FROM representative "
            + "WHERE id = ?";

    private final Jdbc jdbc;
    private final MembershipRepository members;
    private final AuditLog audit;
    private final Clock clock;
    private final double threshold;
    private final Duration halfLife;

    public Bounces(Jdbc jdbc, Clock clock, double threshold, Duration halfLife) {
        this.jdbc = jdbc;
        this.members = new MembershipRepository(jdbc);
        this.audit = new AuditLog(jdbc, clock);
        this.clock = clock;
        this.threshold = threshold;
        this.halfLife = halfLife;
    }

    /** What one bounce did. */
    public record Outcome(Representative representative, double score, boolean counted, boolean disabledNow) {
    }

    /** A representative's score as of now, and whether delivery to them is off. */
    public record State(double score, Optional<Instant> disabledAt) {
    }

    /**
     * Records a bounce for {@code email} on {@code list}; empty when {@code email} is not a
     * representative. {@code status} is the DSN status code (5.1.1, 4.2.2, ...).
     */
    public Optional<Outcome> record(String email, String list, String status, boolean counted, String diagnostic) {
        Optional<Representative> rep = members.findRepresentative(email);
        if (rep.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(jdbc.inTransaction(() -> {
            long id = rep.get().id();
            Object[] row = jdbc.queryOne(LOCK, rs -> new Object[] {rs.getDouble(1), Jdbc.instant(rs, "bounce_at"),
                    Jdbc.instant(rs, "delivery_disabled_at")}, id).orElseThrow();
            double score = decayed((Double) row[0], (Instant) row[1], now);
            boolean wasDisabled = row[2] != null;
            if (counted) {
                score += 1.0;
                jdbc.execute(UPDATE, score, now, id);
            }
            jdbc.execute(EVENT, id, list, now, status, counted, truncate(diagnostic), score);
            boolean disableNow = counted && !wasDisabled && score >= threshold;
            if (disableNow) {
                jdbc.execute(DISABLE, now, id);
                audit.record("bounce-handler", "rep.delivery.disable", "representative", rep.get().email(),
                        "delivery on", String.format(java.util.Locale.ROOT, "delivery off: bounce score %.2f >= %.2f",
                                score, threshold));
            }
            return new Outcome(rep.get(), score, counted, disableNow);
        }));
    }

    public State state(String email) {
        Representative rep = members.findRepresentative(email).orElseThrow();
        return jdbc.queryOne(STATE, rs -> new State(decayed(rs.getDouble(1), Jdbc.instant(rs, "bounce_at"),
                clock.instant()), Optional.ofNullable(Jdbc.instant(rs, "delivery_disabled_at"))), rep.id()).orElseThrow();
    }

    /** Turns delivery back on and clears the score (an administrator fixed the address). */
    public void enable(String actor, String email) {
        Representative rep = members.findRepresentative(email).orElseThrow();
        jdbc.inTransaction(() -> {
            jdbc.execute(ENABLE, rep.id());
            audit.record(actor, "rep.delivery.enable", "representative", rep.email(), "delivery off", "delivery on");
            return null;
        });
    }

    double decayed(double score, Instant at, Instant now) {
        if (at == null || score == 0) {
            return score;
        }
        double halves = (double) Duration.between(at, now).toMillis() / halfLife.toMillis();
        return halves <= 0 ? score : score * Math.pow(0.5, halves);
    }

    public double threshold() {
        return threshold;
    }

    private static String truncate(String s) {
        String t = s == null ? "" : s.replaceAll("[\\r\\n]+", " ");
        return t.length() > 500 ? t.substring(0, 500) : t;
    }
}

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
 * Past {@code threshold} a probe goes to the representative; when it bounces too, delivery stops
 * (on every list and in digests) until an administrator turns it back on; the caller tells the
 * list owners, once. A bounce that is not
 * counted (a spam rejection says nothing about the mailbox) is recorded with the score unchanged.
 */
public final class Bounces {
    private static final String LOCK = "SELECT bounce_score, bounce_at, delivery_disabled_at, bounce_probe_ref, "
            + "bounce_probe_at FROM representative WHERE id = ? FOR UPDATE";
    private static final String PROBE = "UPDATE representative SET bounce_probe_ref = ?, bounce_probe_at = ? WHERE id = ?";
    private static final String UPDATE = "UPDATE representative SET bounce_score = ?, bounce_at = ? WHERE id = ?";
    private static final String DISABLE = "UPDATE representative SET delivery_disabled_at = ? WHERE id = ?";
    private static final String ENABLE = "UPDATE representative SET delivery_disabled_at = NULL, bounce_score = 0, "
            + "bounce_probe_ref = NULL, bounce_probe_at = NULL WHERE id = ?";
    /** How long a probe's bounce is waited for; after that a new probe may be sent. */
    public static final Duration PROBE_WAIT = Duration.ofDays(7);
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

    /**
     * What one bounce did: the score after it, whether delivery stopped now, and the reference of a
     * probe to send now (the score passed the threshold and no probe is out).
     */
    public record Outcome(Representative representative, double score, boolean counted, boolean disabledNow,
                          Optional<String> probeNow) {
    }

    /** A representative's score as of now, and whether delivery to them is off. */
    public record State(double score, Optional<Instant> disabledAt) {
    }

    /**
     * Records a bounce for {@code email} on {@code list} about the mail with reference {@code ref}
     * (a post's sequence number, or {@code p...} for a probe); empty when {@code email} is not a
     * representative. {@code status} is the DSN status code (5.1.1, 4.2.2, ...). Past the
     * threshold delivery does not stop at once: a probe goes out first (Mailman's way), and only a
     * counted bounce of that very probe stops delivery.
     */
    public Optional<Outcome> record(String email, String list, String ref, String status, boolean counted,
                                    String diagnostic) {
        Optional<Representative> rep = members.findRepresentative(email);
        if (rep.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(jdbc.inTransaction(() -> {
            long id = rep.get().id();
            Object[] row = jdbc.queryOne(LOCK, rs -> new Object[] {rs.getDouble(1), Jdbc.instant(rs, "bounce_at"),
                    Jdbc.instant(rs, "delivery_disabled_at"), rs.getString(4), Jdbc.instant(rs, "bounce_probe_at")},
                    id).orElseThrow();
            double score = decayed((Double) row[0], (Instant) row[1], now);
            boolean wasDisabled = row[2] != null;
            String probeRef = (String) row[3];
            Instant probeAt = (Instant) row[4];
            if (counted) {
                score += 1.0;
                jdbc.execute(UPDATE, score, now, id);
            }
            jdbc.execute(EVENT, id, list, now, status, counted, truncate(ref + " " + diagnostic), score);
            boolean probeBounced = counted && ref.startsWith("p") && ref.equals(probeRef);
            boolean disableNow = !wasDisabled && probeBounced;
            Optional<String> probeNow = Optional.empty();
            if (disableNow) {
                jdbc.execute(DISABLE, now, id);
                audit.record("bounce-handler", "rep.delivery.disable", "representative", rep.get().email(),
                        "delivery on", String.format(java.util.Locale.ROOT,
                                "delivery off: bounce score %.2f >= %.2f and the probe bounced", score, threshold));
            } else if (counted && !wasDisabled && score >= threshold && !ref.startsWith("p")
                    && (probeAt == null || probeAt.plus(PROBE_WAIT).isBefore(now))) {
                String fresh = "p" + now.toEpochMilli();
                jdbc.execute(PROBE, fresh, now, id);
                probeNow = Optional.of(fresh);
            }
            return new Outcome(rep.get(), score, counted, disableNow, probeNow);
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

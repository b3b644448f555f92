package org.infohub.core.sighting;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.audience.Audience;
import org.infohub.core.db.Jdbc;
import org.infohub.core.indicator.Indicators;

/**
 * Sightings by reply: a representative answers a post with lines such as {@code +seen 203.0.113.7},
 * {@code +fp evil.example} (a false positive) or {@code +patched CVE-2026-1234}, and the hub records
 * that their organisation saw it, found it harmless, or patched it. Only for an indicator of a post
 * the organisation received ({@link Audience} answers, never recomputed); the reply itself is never
 * shared as a post. Reading the commands is linear in the text and takes at most {@link #MAX_COMMANDS}.
 */
public final class Sightings {
    /** Commands read from one reply; more are ignored (and said so). */
    public static final int MAX_COMMANDS = 100;

    /** What the organisation says of the indicator. */
    public enum Verdict {
        SEEN, FP, PATCHED;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** As the indicator page and the confirmation say it. */
        public String words() {
            return words(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
        }

        public String words(org.infohub.core.i18n.Messages messages) {
            return messages.get("sighting.verdict." + name());
        }

        static Optional<Verdict> of(String word) {
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "seen", "sighted", "sighting" -> Optional.of(SEEN);
                case "fp", "false-positive", "falsepositive" -> Optional.of(FP);
                case "patched", "fixed", "mitigated" -> Optional.of(PATCHED);
                default -> Optional.empty();
            };
        }
    }

    /** One command line of a reply: the verdict and the rest of its line. */
    public record Command(Verdict verdict, String text) {
    }

    /** What became of one command: recorded, or why not, in words. */
    public record Outcome(Command command, Optional<Indicators.Indicator> indicator, boolean recorded, String key,
                          String value) {
        /** What happened to the line, in English. */
        public String words() {
            return words(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
        }

        /** What happened to the line, in a reader's language. */
        public String words(org.infohub.core.i18n.Messages messages) {
            return messages.get(key, value, command.verdict().words(messages));
        }
    }

    private final Jdbc jdbc;
    private final Audience audience;
    private final Indicators indicators;
    private final Clock clock;

    public Sightings(Jdbc jdbc, Audience audience, Indicators indicators, Clock clock) {
        this.jdbc = jdbc;
        this.audience = audience;
        this.indicators = indicators;
        this.clock = clock;
    }

    /**
     * The commands of a reply's text: lines that open with {@code +seen}, {@code +fp} or
     * {@code +patched} (after spaces), outside quoted text ({@code >} lines) and before a signature.
     */
    public static List<Command> commands(String text) {
        List<Command> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        int i = 0;
        int n = text.length();
        while (i < n && out.size() < MAX_COMMANDS) {
            int end = text.indexOf('\n', i);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(i, end);
            i = end + 1;
            if (line.equals("-- ") || line.equals("--") || line.equals("-- \r")) {
                break;
            }
            String t = line.strip();
            if (t.length() < 3 || t.charAt(0) != '+') {
                continue;
            }
            int space = 1;
            while (space < t.length() && !Character.isWhitespace(t.charAt(space))) {
                space++;
            }
            if (space > 20) {
                continue;
            }
            Optional<Verdict> v = Verdict.of(t.substring(1, space));
            if (v.isPresent()) {
                String rest = t.substring(space).strip();
                out.add(new Command(v.get(), rest.length() > 2_000 ? rest.substring(0, 2_000) : rest));
            }
        }
        return out;
    }

    /** Whether {@code text} holds at least one command: a reply that is a sighting, not a post. */
    public static boolean isSighting(String text) {
        return !commands(text).isEmpty();
    }

    /**
     * Records the commands of one reply for {@code organisationId}: each names one indicator (the
     * first in its line); it is recorded against the latest post carrying it that the organisation
     * received, else refused with the reason.
     */
    public List<Outcome> record(List<Command> commands, long organisationId, long representativeId, String messageId) {
        List<Outcome> out = new ArrayList<>();
        for (Command c : commands) {
            List<Indicators.Indicator> found = indicators.extract(c.text());
            if (found.isEmpty()) {
                out.add(new Outcome(c, Optional.empty(), false, "sighting.noIndicator", cut(c.text())));
                continue;
            }
            Indicators.Indicator indicator = found.get(0);
            Optional<Long> seq = Optional.empty();
            for (long s : jdbc.query("SELECT seq FROM indicator WHERE kind = ? AND value = ? ORDER BY seq DESC LIMIT 500",
                    rs -> rs.getLong(1), indicator.kind().code(), indicator.value())) {
                if (audience.organisationMaySee(organisationId, s)) {
                    seq = Optional.of(s);
                    break;
                }
            }
            if (seq.isEmpty()) {
                out.add(new Outcome(c, Optional.of(indicator), false, "sighting.notReceived", indicator.value()));
                continue;
            }
            jdbc.execute("INSERT IGNORE INTO sighting (at, verdict, indicator_kind, indicator_value, seq, organisation_id, "
                    + "representative_id, message_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()),
                    c.verdict().code(), indicator.kind().code(), indicator.value(), seq.get(), organisationId,
                    representativeId, messageId.length() > 998 ? messageId.substring(0, 998) : messageId);
            out.add(new Outcome(c, Optional.of(indicator), true, "sighting.recorded", indicator.value()));
        }
        return out;
    }

    /**
     * How many organisations gave each verdict on {@code kind:value}; with a viewer, only sightings
     * of posts that organisation received.
     */
    public Map<Verdict, Long> counts(String kind, String value, Optional<Long> viewer) {
        Map<Verdict, Long> out = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            out.put(v, 0L);
        }
        record Row(Verdict verdict, long organisation, long seq) {
        }
        List<Row> rows = jdbc.query("SELECT verdict, organisation_id, seq FROM sighting WHERE indicator_kind = ? AND "
                + "indicator_value = ?", rs -> new Row(Verdict.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)), rs.getLong(2),
                rs.getLong(3)), kind, value);
        Map<Verdict, java.util.Set<Long>> orgs = new LinkedHashMap<>();
        for (Row r : rows) {
            if (viewer.isPresent() && !audience.organisationMaySee(viewer.get(), r.seq())) {
                continue;
            }
            orgs.computeIfAbsent(r.verdict(), k -> new java.util.HashSet<>()).add(r.organisation());
        }
        orgs.forEach((v, s) -> out.put(v, (long) s.size()));
        return out;
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}

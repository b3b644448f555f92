package org.infohub.core.indicator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.audience.Audience;
import org.infohub.core.db.Jdbc;

/**
 * One indicator's history across the archive: the posts that carried it (a timeline), first and
 * last seen, the organisations and sectors that reported it, the indicators seen beside it, and its
 * classification in its latest post. Asked for a viewer: the administrators see every post; an
 * organisation sees only the posts {@link Audience} says it received (never recomputed here).
 */
public final class IndicatorHistory {
    /** Posts read for one history: far more than any indicator is reported in. */
    static final int MAX_POSTS = 2_000;

    /** A post that carried the indicator. */
    public record Post(long seq, Instant received, String subject, String organisation, String sector, String tlp,
                       String list) {
    }

    /** An indicator seen in the same posts, and in how many of them. */
    public record Beside(String kind, String value, long posts) {
    }

    /** The history as a viewer may see it; {@code hidden} posts carried it that this viewer did not receive. */
    public record History(String kind, String value, List<Post> posts, Map<String, Long> organisations,
                          Map<String, Long> sectors, List<Beside> beside, Optional<IndicatorClassifier.Classified> use,
                          int hidden) {
        public Optional<Instant> firstSeen() {
            return posts.isEmpty() ? Optional.empty() : Optional.of(posts.get(0).received());
        }

        public Optional<Instant> lastSeen() {
            return posts.isEmpty() ? Optional.empty() : Optional.of(posts.get(posts.size() - 1).received());
        }
    }

    private final Jdbc jdbc;
    private final ArchiveRepository archive;
    private final Audience audience;

    public IndicatorHistory(Jdbc jdbc, ArchiveRepository archive, Audience audience) {
        this.jdbc = jdbc;
        this.archive = archive;
        this.audience = audience;
    }

    /** The kind named as stored ({@code ip}, {@code domain}, ...), or empty. */
    public static Optional<Indicators.Kind> kind(String code) {
        for (Indicators.Kind k : Indicators.Kind.values()) {
            if (k.code().equals(code == null ? "" : code.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * The history of {@code kind:value} for {@code viewer}: empty for the administrators, an
     * organisation's id for what that organisation received.
     */
    public History of(Indicators.Kind kind, String value, Optional<Long> viewer) {
        record Row(Post post, String messageId) {
        }
        List<Row> all = jdbc.query("SELECT s.seq, s.received_at, s.subject, COALESCE(s.organisation_name, ''), "
                + "COALESCE(s.sector, ''), s.tlp, l.local_part, s.message_id FROM indicator i JOIN submission s ON s.seq = i.seq "
                + "JOIN hub_list l ON l.id = s.list_id WHERE i.kind = ? AND i.value = ? ORDER BY s.received_at, s.seq LIMIT "
                + MAX_POSTS, rs -> new Row(new Post(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7)), rs.getString(8)), kind.code(), value);
        List<Post> posts = new ArrayList<>();
        Set<String> messages = new java.util.HashSet<>();
        int hidden = 0;
        Set<Long> seen = viewer.isPresent()
                ? audience.organisationSaw(viewer.get(), all.stream().map(r -> r.post().seq()).toList()) : Set.of();
        for (Row r : all) {
            if (viewer.isPresent() && !seen.contains(r.post().seq())) {
                hidden++;
                continue;
            }
            // A post to two lists is archived twice: one row on the timeline.
            if (messages.add(r.messageId())) {
                posts.add(r.post());
            }
        }
        Map<String, Long> organisations = new LinkedHashMap<>();
        Map<String, Long> sectors = new LinkedHashMap<>();
        for (Post p : posts) {
            organisations.merge(p.organisation().isEmpty() ? "(none)" : p.organisation(), 1L, Long::sum);
            sectors.merge(p.sector().isEmpty() ? "(none)" : p.sector(), 1L, Long::sum);
        }
        List<Beside> beside = List.of();
        Optional<IndicatorClassifier.Classified> use = Optional.empty();
        if (!posts.isEmpty()) {
            Set<Long> seqs = new LinkedHashSet<>();
            posts.forEach(p -> seqs.add(p.seq()));
            List<Object> args = new ArrayList<>(seqs);
            args.add(kind.code());
            args.add(value);
            beside = jdbc.query("SELECT kind, value, COUNT(DISTINCT seq) FROM indicator WHERE seq IN ("
                    + String.join(",", Collections.nCopies(seqs.size(), "?")) + ") AND NOT (kind = ? AND value = ?) "
                    + "GROUP BY kind, value ORDER BY 3 DESC, kind, value LIMIT 25",
                    rs -> new Beside(rs.getString(1), rs.getString(2), rs.getLong(3)), args.toArray());
            long latest = posts.get(posts.size() - 1).seq();
            use = archive.classifiedIndicators(latest).stream()
                    .filter(c -> c.indicator().kind() == kind && c.indicator().value().equals(value)).findFirst();
        }
        return new History(kind.code(), value, posts, sortDescending(organisations), sortDescending(sectors), beside, use,
                hidden);
    }

    private static Map<String, Long> sortDescending(Map<String, Long> counts) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                .thenComparing(Map.Entry.comparingByKey())).forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * An indicator written so that nothing clicks or resolves it, as analysts exchange them:
     * {@code hxxps://evil[.]example/x}, {@code 203.0.113[.]7}, {@code bad[@]evil[.]example}.
     * Hashes and CVEs stay as they are.
     */
    public static String defang(String kind, String value) {
        return switch (kind) {
            case "url" -> value.replaceFirst("(?i)^http", "hxxp").replaceFirst("(?i)^ftp", "fxp").replace(".", "[.]");
            case "domain", "ip", "cidr" -> value.replace(".", "[.]").replace(":", "[:]");
            case "email" -> value.replace("@", "[@]").replace(".", "[.]");
            default -> value;
        };
    }
}

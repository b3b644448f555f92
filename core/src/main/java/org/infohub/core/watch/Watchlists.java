package org.infohub.core.watch;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Organisation;
import org.infohub.core.member.ValidationException;

/**
 * The organisations' watchlists: adding and removing entries (audited, checked), the matcher over
 * all of them (built again only when an entry changed), the matches recorded per post, and the
 * archive searched for an entry added after the posts that name it ("seen before").
 */
public final class Watchlists {
    /** A post that named an entry, and who was told. */
    public record Match(WatchEntry entry, long seq, String subject, String matched, String told, Instant at) {
    }

    /** Who is told about a match. */
    public static final String TOLD_MEMBERS = "members";
    public static final String TOLD_ADMINISTRATORS = "administrators";
    public static final String SEEN_BEFORE = "seen-before";

    private static final String ENTRIES = "SELECT e.id, e.organisation_id, o.name, e.type, e.value FROM watch_entry e "
            + "JOIN organisation o ON o.id = e.organisation_id";
    private static final int SEEN_BEFORE_LIMIT = 500;

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private volatile WatchMatcher matcher;
    private volatile String version = "";

    public Watchlists(Jdbc jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** The matcher over every entry, built again when entries were added or removed since the last call. */
    public WatchMatcher matcher() {
        String now = jdbc.queryOne("SELECT CONCAT(COUNT(*), ':', COALESCE(MAX(id), 0), ':', COALESCE(SUM(id), 0)) "
                + "FROM watch_entry", rs -> rs.getString(1)).orElse("");
        if (matcher == null || !now.equals(version)) {
            matcher = new WatchMatcher(all());
            version = now;
        }
        return matcher;
    }

    public List<WatchEntry> all() {
        return jdbc.query(ENTRIES, Watchlists::entry);
    }

    public List<WatchEntry> of(long organisationId) {
        return jdbc.query(ENTRIES + " WHERE e.organisation_id = ? ORDER BY e.type, e.value", Watchlists::entry, organisationId);
    }

    public Optional<WatchEntry> find(long id) {
        return jdbc.queryOne(ENTRIES + " WHERE e.id = ?", Watchlists::entry, id);
    }

    /** Adds an entry after checking it; the value is kept in its canonical form (a range by its network). */
    public WatchEntry add(String actor, Organisation org, WatchEntry.Type type, String value) {
        String v = canonical(type, value == null ? "" : value.strip());
        long id;
        try {
            id = jdbc.insert("INSERT INTO watch_entry (organisation_id, type, value, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                    org.id(), type.code(), v, Timestamp.from(clock.instant()), actor);
        } catch (org.infohub.core.db.DuplicateKeyException e) {
            throw ValidationException.of("value", v + " is already on " + org.name() + "'s watchlist");
        }
        audit.record(actor, "watchlist.add", "organisation", org.name(), "", "type=" + type.code() + "; value=" + v);
        return find(id).orElseThrow();
    }

    public void remove(String actor, WatchEntry entry) {
        jdbc.execute("DELETE FROM watch_entry WHERE id = ?", entry.id());
        audit.record(actor, "watchlist.remove", "organisation", entry.organisation(),
                "type=" + entry.type().code() + "; value=" + entry.value(), "");
    }

    static String canonical(WatchEntry.Type type, String value) {
        switch (type) {
            case CIDR -> {
                var r = AddressRanges.range(Indicators.refang(value)).orElseThrow(() -> ValidationException.of("value",
                        "'" + value + "' is not an address or range (such as 192.0.2.0/24 or 2001:db8::/32)"));
                int bits = r[2].intValue();
                String network = toAddress(r[0], bits);
                int prefix = bits - r[1].subtract(r[0]).bitLength();
                if (prefix < 8 && bits == 32 || prefix < 16 && bits == 128) {
                    throw ValidationException.of("value", "'" + value + "' is wider than any one organisation's network");
                }
                return network + "/" + prefix;
            }
            case DOMAIN -> {
                String d = Indicators.refang(value).toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
                if (!d.matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]") || d.length() > 253) {
                    throw ValidationException.of("value", "'" + value + "' is not a domain name (such as bank.example)");
                }
                return d;
            }
            case ASN -> {
                return "AS" + WatchMatcher.asn(value).orElseThrow(() -> ValidationException.of("value",
                        "'" + value + "' is not an AS number (such as AS64500)"));
            }
            default -> {
                List<String> words = WatchMatcher.words(value);
                if (words.isEmpty() || String.join("", words).length() < 3 || value.length() > 100) {
                    throw ValidationException.of("value", "a name needs at least three letters or digits (and at most 100 "
                            + "characters)");
                }
                return value.replaceAll("\\s+", " ");
            }
        }
    }

    private static String toAddress(java.math.BigInteger n, int bits) {
        byte[] raw = n.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        try {
            String a = java.net.InetAddress.getByAddress(bytes).getHostAddress();
            return bits == 32 ? a : Indicators.canonicalAddress(a).orElse(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records that {@code seq} named the entry; false when it was recorded already (a post handled again). */
    public boolean record(WatchMatcher.Hit hit, long seq, String told) {
        return jdbc.execute("INSERT IGNORE INTO watch_match (entry_id, seq, matched, told, at) VALUES (?, ?, ?, ?, ?)",
                hit.entry().id(), seq, cut(hit.matched()), told, Timestamp.from(clock.instant())) > 0;
    }

    /** Whether the post's match with this entry was recorded already. */
    public boolean recorded(WatchEntry entry, long seq) {
        return jdbc.queryLong("SELECT COUNT(*) FROM watch_match WHERE entry_id = ? AND seq = ?", entry.id(), seq) > 0;
    }

    /** The posts that named an organisation's entries, newest first. */
    public List<Match> matches(long organisationId, int limit) {
        return jdbc.query("SELECT m.entry_id, m.seq, s.subject, m.matched, m.told, m.at FROM watch_match m "
                + "JOIN watch_entry e ON e.id = m.entry_id JOIN submission s ON s.seq = m.seq WHERE e.organisation_id = ? "
                + "ORDER BY m.seq DESC LIMIT ?", rs -> new Match(find(rs.getLong(1)).orElseThrow(), rs.getLong(2),
                rs.getString(3), rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant()), organisationId, limit);
    }

    /**
     * Finds the archived posts that name a newly added entry and records them as seen before (no
     * one is mailed about the past). Addresses and domains are looked up in the stored indicators,
     * names and AS numbers in the posts' text; at most the newest {@value #SEEN_BEFORE_LIMIT}.
     */
    public int findSeenBefore(WatchEntry entry, ArchiveRepository archive) {
        WatchMatcher one = new WatchMatcher(List.of(entry));
        List<Long> candidates = new ArrayList<>();
        switch (entry.type()) {
            case DOMAIN -> jdbc.query("SELECT DISTINCT seq FROM indicator WHERE kind IN ('domain', 'url', 'email') AND "
                    + "value LIKE ? ORDER BY seq DESC LIMIT ?", rs -> candidates.add(rs.getLong(1)),
                    MembershipRepository.like(entry.value()), SEEN_BEFORE_LIMIT * 4);
            case CIDR -> jdbc.query("SELECT DISTINCT seq FROM indicator WHERE kind IN ('ip', 'cidr', 'url') ORDER BY seq DESC "
                    + "LIMIT 200000", rs -> candidates.add(rs.getLong(1)));
            default -> {
                String word = entry.type() == WatchEntry.Type.ASN ? entry.value().substring(2) : entry.value();
                jdbc.query("SELECT seq FROM submission WHERE subject LIKE ? OR text_body LIKE ? ORDER BY seq DESC LIMIT ?",
                        rs -> candidates.add(rs.getLong(1)), MembershipRepository.like(word), MembershipRepository.like(word),
                        SEEN_BEFORE_LIMIT * 4);
            }
        }
        int found = 0;
        for (long seq : candidates) {
            if (found >= SEEN_BEFORE_LIMIT) {
                break;
            }
            Optional<Submission> post = archive.findBySeq(seq);
            if (post.isEmpty()) {
                continue;
            }
            List<WatchMatcher.Hit> hits = one.match(archive.indicators(seq), post.get().subject() + "\n" + post.get().textBody());
            if (!hits.isEmpty() && record(hits.get(0), seq, SEEN_BEFORE)) {
                found++;
            }
        }
        return found;
    }

    private static String cut(String s) {
        return s.length() <= 900 ? s : s.substring(0, 900);
    }

    private static WatchEntry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new WatchEntry(rs.getLong(1), rs.getLong(2), rs.getString(3),
                WatchEntry.Type.parse(rs.getString(4)).orElse(WatchEntry.Type.NAME), rs.getString(5));
    }
}

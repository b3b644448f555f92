package org.infohub.core.vetting;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.member.Page;

/**
 * Posts the hub refused or held, for the console: when, from whom, to which list, and every
 * reason. The mail itself stays in James's repository; recording twice (a retried mail) is harmless.
 */
public final class VettingOutcomes {

    /** One refused or held post. */
    public record Outcome(long id, Instant at, String outcome, String messageId, String list, String sender,
                          String subject, String reasons) {
        /** The reasons in words, one a line: the codes they are stored with left off. */
        public String reasonsInWords() {
            StringBuilder out = new StringBuilder();
            for (String line : reasons == null ? new String[0] : reasons.split("\n")) {
                int colon = line.indexOf(": ");
                String words = colon > 0 && line.substring(0, colon).matches("[A-Z_]+") ? line.substring(colon + 2) : line;
                if (!words.isEmpty()) {
                    out.append(out.length() == 0 ? "" : "\n").append(Character.toUpperCase(words.charAt(0)))
                            .append(words.substring(1));
                }
            }
            return out.toString();
        }

        /** The reasons' short titles ("Not a representative"), for a column. */
        public List<String> reasonTitles() {
            return reasonTitles(org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN));
        }

        /** The same in a reader's language ("不是代表"). */
        public List<String> reasonTitles(org.infohub.core.i18n.Messages messages) {
            List<String> out = new java.util.ArrayList<>();
            for (String line : reasons == null ? new String[0] : reasons.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    try {
                        out.add(Refusal.valueOf(line.substring(0, colon)).title(messages));
                    } catch (IllegalArgumentException e) {
                        // an older or unknown code: its words say it
                    }
                }
            }
            return out;
        }

        public boolean held() {
            return "held".equals(outcome);
        }
    }

    /** The moderation queue's tabs: waiting posts, refused ones, and those decided. */
    public enum Tab {
        HELD("v.outcome = 'held'"), REFUSED("v.outcome = 'refused'"), DECIDED("v.outcome IN ('approved', 'rejected')"),
        ALL("1 = 1");

        private final String where;

        Tab(String where) {
            this.where = where;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Tab of(String code) {
            for (Tab t : values()) {
                if (t.code().equals(code)) {
                    return t;
                }
            }
            return HELD;
        }
    }

    /**
     * What the queue is narrowed to: a tab, a list, a reason (its code), a sender (part of the
     * address), and posts older than some days; empty strings and 0 mean any.
     */
    public record Filter(Tab tab, String list, String reason, String sender, int olderThanDays, String search) {
    }

    /** How many posts each tab holds (the held count is the badge's). */
    public Map<Tab, Long> counts() {
        Map<Tab, Long> out = new java.util.EnumMap<>(Tab.class);
        for (Tab t : Tab.values()) {
            out.put(t, 0L);
        }
        jdbc.query("SELECT outcome, COUNT(*) FROM vetting_outcome GROUP BY outcome", rs -> {
            String o = rs.getString(1);
            long n = rs.getLong(2);
            Tab t = switch (o) {
                case "held" -> Tab.HELD;
                case "refused" -> Tab.REFUSED;
                default -> Tab.DECIDED;
            };
            out.merge(t, n, Long::sum);
            out.merge(Tab.ALL, n, Long::sum);
            return null;
        });
        return out;
    }

    /** A page of the queue, narrowed by {@code f}. */
    public Page<Outcome> queue(Filter f, String sort, boolean descending, int page, int size, Instant now) {
        String order = switch (sort == null ? "" : sort) {
            case "sender" -> "v.sender";
            case "list" -> "l.local_part";
            case "outcome" -> "v.outcome";
            default -> "v.at";
        };
        StringBuilder where = new StringBuilder(" FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id WHERE ")
                .append(f.tab().where);
        List<Object> args = new java.util.ArrayList<>();
        if (!f.list().isBlank()) {
            where.append(" AND l.local_part = ?");
            args.add(f.list().strip());
        }
        if (!f.reason().isBlank()) {
            where.append(" AND (v.reasons LIKE ? OR v.reasons LIKE ?)");
            String code = f.reason().strip().toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z_]", "")
                    .replace("_", "\\_");
            args.add(code + ":%");
            args.add("%\n" + code + ":%");
        }
        if (!f.sender().isBlank()) {
            where.append(" AND v.sender LIKE ?");
            args.add(org.infohub.core.member.MembershipRepository.like(f.sender().strip()));
        }
        if (f.olderThanDays() > 0) {
            where.append(" AND v.at < ?");
            args.add(Timestamp.from(now.minus(java.time.Duration.ofDays(f.olderThanDays()))));
        }
        if (!f.search().isBlank()) {
            String like = org.infohub.core.member.MembershipRepository.like(f.search().strip());
            where.append(" AND (v.sender LIKE ? OR v.subject LIKE ? OR v.reasons LIKE ?)");
            args.add(like);
            args.add(like);
            args.add(like);
        }
        long total = jdbc.queryLong("SELECT COUNT(*)" + where, args.toArray());
        List<Object> pageArgs = new java.util.ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) Math.max(0, page - 1) * size);
        List<Outcome> rows = jdbc.query("SELECT v.id, v.at, v.outcome, v.message_id, COALESCE(l.local_part, ''), v.sender, "
                + "v.subject, v.reasons" + where + " ORDER BY " + order + (descending ? " DESC" : "") + ", v.id LIMIT ? OFFSET ?",
                VettingOutcomes::outcome, pageArgs.toArray());
        return new Page<>(rows, total, page, size);
    }

    private static final String INSERT = "INSERT IGNORE INTO vetting_outcome (at, outcome, mail_name, message_id, list_id, "
            + "sender, subject, reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String FROM = " FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id"
            + " WHERE (? = '' OR v.sender LIKE ? OR v.subject LIKE ? OR v.reasons LIKE ? OR l.local_part LIKE ? OR v.outcome = ?)";

    private final Jdbc jdbc;

    public VettingOutcomes(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Instant at, String outcome, String mailName, String messageId, Long listId, String sender,
                       String subject, String reasons) {
        jdbc.execute(INSERT, Timestamp.from(at), outcome, cut(mailName, 200), cut(messageId, 900), listId, cut(sender, 254),
                cut(subject, 500), reasons);
    }

    /** A held post, with the message itself, to be approved or rejected later. */
    public void recordHeld(Instant at, String mailName, String messageId, long listId, String sender, String subject,
                           String reasons, byte[] raw) {
        record(at, "held", mailName, messageId, listId, sender, subject, reasons);
        jdbc.execute("UPDATE vetting_outcome SET raw = ?, envelope_sender = ? WHERE mail_name = ? AND list_id = ? AND raw IS NULL",
                raw, cut(sender, 254), cut(mailName, 200), listId);
    }

    /** One outcome with what a moderator needs to decide: the message, who decided and why. */
    public record Detail(Outcome outcome, String envelopeSender, Optional<byte[]> raw, Optional<String> decidedBy,
                         Optional<Instant> decidedAt, Optional<String> reason, Optional<Long> archivedSeq) {
    }

    public Optional<Detail> find(long id) {
        return jdbc.queryOne("SELECT v.id, v.at, v.outcome, v.message_id, COALESCE(l.local_part, ''), v.sender, v.subject, "
                + "v.reasons, COALESCE(v.envelope_sender, v.sender), v.raw, v.decided_by, v.decided_at, v.decision_reason, "
                + "(SELECT MAX(s.seq) FROM submission s WHERE s.message_id = v.message_id AND s.list_id = v.list_id) "
                + "FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id WHERE v.id = ?", rs -> {
                    long seq = rs.getLong(14);
                    boolean notArchived = rs.wasNull();
                    return new Detail(outcome(rs), rs.getString(9), Optional.ofNullable(rs.getBytes(10)),
                            Optional.ofNullable(rs.getString(11)), Optional.ofNullable(Jdbc.instant(rs, "decided_at")),
                            Optional.ofNullable(rs.getString(13)), notArchived ? Optional.empty() : Optional.of(seq));
                }, id);
    }

    /** How many held posts wait for a decision. */
    public long waiting() {
        return jdbc.queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'held'");
    }

    /** The held posts waiting for a decision, oldest first. */
    public List<Outcome> waitingPosts(int limit) {
        return jdbc.query("SELECT v.id, v.at, v.outcome, v.message_id, COALESCE(l.local_part, ''), v.sender, v.subject, v.reasons"
                + " FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id WHERE v.outcome = 'held' ORDER BY v.at, v.id"
                + " LIMIT ?", VettingOutcomes::outcome, limit);
    }

    /** Keeps the reason a held post was rejected for. */
    public void reason(long id, String reason) {
        jdbc.execute("UPDATE vetting_outcome SET decision_reason = ? WHERE id = ?", cut(reason, 1000), id);
    }

    /** A rejected post whose sender has not been considered for a notice yet. */
    public record Rejection(long id, String list, String envelopeSender, String subject, String reason, byte[] raw) {
    }

    public List<Rejection> rejectionsToNotify() {
        return jdbc.query("SELECT v.id, COALESCE(l.local_part, ''), COALESCE(v.envelope_sender, v.sender), v.subject, "
                + "v.decision_reason, v.raw FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id "
                + "WHERE v.outcome = 'rejected' AND v.decision_reason IS NOT NULL AND v.rejection_notice_at IS NULL "
                + "AND v.raw IS NOT NULL ORDER BY v.id", rs -> new Rejection(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getString(5), rs.getBytes(6)));
    }

    public void rejectionNoticed(long id, Instant at) {
        jdbc.execute("UPDATE vetting_outcome SET rejection_notice_at = ? WHERE id = ?", Timestamp.from(at), id);
    }

    /** An approved post waiting to go back through the pipeline. */
    public record Release(long id, String list, String sender, byte[] raw) {
    }

    /**
     * Decides on a held post; returns the outcome before, or empty when there is no held post with that id
     * (decided already, or refused rather than held).
     */
    public Optional<Outcome> decide(long id, boolean approve, String actor, Instant at) {
        return jdbc.inTransaction(() -> {
            Optional<Outcome> before = jdbc.queryOne("SELECT v.id, v.at, v.outcome, v.message_id, COALESCE(l.local_part, ''), "
                    + "v.sender, v.subject, v.reasons FROM vetting_outcome v LEFT JOIN hub_list l ON l.id = v.list_id "
                    + "WHERE v.id = ? AND v.outcome = 'held' FOR UPDATE", VettingOutcomes::outcome, id);
            if (before.isPresent()) {
                jdbc.execute("UPDATE vetting_outcome SET outcome = ?, decided_by = ?, decided_at = ? WHERE id = ?",
                        approve ? "approved" : "rejected", actor, Timestamp.from(at), id);
            }
            return before;
        });
    }

    public List<Release> toRelease() {
        return jdbc.query("SELECT v.id, l.local_part, v.envelope_sender, v.raw FROM vetting_outcome v JOIN hub_list l "
                + "ON l.id = v.list_id WHERE v.outcome = 'approved' AND v.released_at IS NULL AND v.raw IS NOT NULL ORDER BY v.id",
                rs -> new Release(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
    }

    public void markReleased(long id, Instant at) {
        jdbc.execute("UPDATE vetting_outcome SET released_at = ? WHERE id = ?", Timestamp.from(at), id);
    }

    public Page<Outcome> page(String search, String sort, boolean descending, int page, int size) {
        String order = switch (sort == null ? "" : sort) {
            case "sender" -> "v.sender";
            case "list" -> "l.local_part";
            case "outcome" -> "v.outcome";
            default -> "v.at";
        };
        String text = search == null ? "" : search.trim();
        String like = org.infohub.core.member.MembershipRepository.like(text);
        long total = jdbc.queryLong("SELECT COUNT(*)" + FROM, text, like, like, like, like, text);
        List<Outcome> rows = jdbc.query("SELECT v.id, v.at, v.outcome, v.message_id, COALESCE(l.local_part, ''), v.sender, "
                + "v.subject, v.reasons" + FROM + " ORDER BY " + order + (descending ? " DESC" : "") + ", v.id LIMIT ? OFFSET ?",
                VettingOutcomes::outcome, text, like, like, like, like, text, size, (long) Math.max(0, page - 1) * size);
        return new Page<>(rows, total, page, size);
    }

    private static Outcome outcome(ResultSet rs) throws SQLException {
        return new Outcome(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8));
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max);
    }
}

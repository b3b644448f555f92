package org.infohub.core.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.infohub.core.db.Jdbc;
import org.infohub.core.member.Page;

/**
 * Every administrative change: who, what, when, and the state before and after. Written in the
 * transaction of the change itself, so a change without its entry cannot happen.
 */
public final class AuditLog {

    /** One entry. {@code before} and {@code after} are the changed thing's fields, empty when there was none. */
    public record Entry(long id, Instant at, String actor, String action, String entity, String key, String before,
                        String after) {
    }

    private static final String INSERT = "INSERT INTO audit_log (at, actor, action, entity, entity_key, before_state, "
            + "after_state) VALUES (?, ?, ?, ?, ?, ?, ?)";
    private static final String WHERE = " WHERE (? = '' OR actor LIKE ? OR action LIKE ? OR entity LIKE ? OR entity_key LIKE ?"
            + " OR before_state LIKE ? OR after_state LIKE ?)";
    private static final String SELECT = "SELECT id, at, actor, action, entity, entity_key, before_state, after_state FROM audit_log";

    private final Jdbc jdbc;
    private final Clock clock;

    public AuditLog(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Records one action. When both sides are records written as {@code field=value; ...}, only the
     * fields that changed are kept, so an entry says what changed rather than repeating the record.
     */
    public void record(String actor, String action, String entity, String key, String before, String after) {
        String[] changed = changedFields(before, after);
        jdbc.execute(INSERT, Timestamp.from(clock.instant()), actor, action, entity, key, changed[0], changed[1]);
    }

    /** The fields of {@code before} and {@code after} whose values differ, or both as given when they are not records. */
    static String[] changedFields(String before, String after) {
        java.util.Map<String, String> b = fields(before);
        java.util.Map<String, String> a = fields(after);
        if (b.isEmpty() || a.isEmpty()) {
            return new String[] {before, after};
        }
        StringBuilder was = new StringBuilder();
        StringBuilder now = new StringBuilder();
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        for (String k : keys) {
            String x = b.getOrDefault(k, "");
            String y = a.getOrDefault(k, "");
            if (!x.equals(y)) {
                was.append(was.length() == 0 ? "" : "; ").append(k).append('=').append(x);
                now.append(now.length() == 0 ? "" : "; ").append(k).append('=').append(y);
            }
        }
        return was.length() == 0 && now.length() == 0 ? new String[] {"(no change)", "(no change)"}
                : new String[] {was.toString(), now.toString()};
    }

    private static java.util.Map<String, String> fields(String record) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        if (record == null || record.isEmpty()) {
            return out;
        }
        for (String part : record.split("; ")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return java.util.Map.of();
            }
            out.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return out;
    }

    public Page<Entry> page(String search, String sort, boolean descending, int page, int size) {
        String order = switch (sort == null ? "" : sort) {
            case "actor" -> "actor";
            case "action" -> "action";
            case "entity" -> "entity, entity_key";
            default -> "at";
        };
        String text = search == null ? "" : search.trim();
        String like = org.infohub.core.member.MembershipRepository.like(text);
        Object[] params = {text, like, like, like, like, like, like};
        long total = jdbc.queryLong("SELECT COUNT(*) FROM audit_log" + WHERE, params);
        Object[] paged = {text, like, like, like, like, like, like, size, (long) Math.max(0, page - 1) * size};
        List<Entry> rows = jdbc.query(SELECT + WHERE + " ORDER BY " + order + (descending ? " DESC" : "") + ", id"
                + (descending ? " DESC" : "") + " LIMIT ? OFFSET ?", AuditLog::entry, paged);
        return new Page<>(rows, total, page, size);
    }

    private static Entry entry(ResultSet rs) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"),
                rs.getString("entity"), rs.getString("entity_key"), nz(rs.getString("before_state")),
                nz(rs.getString("after_state")));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}

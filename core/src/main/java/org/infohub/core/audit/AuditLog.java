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

    public void record(String actor, String action, String entity, String key, String before, String after) {
        jdbc.execute(INSERT, Timestamp.from(clock.instant()), actor, action, entity, key, before, after);
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

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

    /**
     * A page of entries. {@code search} is free text, with filters that may be combined:
     * {@code actor:NAME}, {@code action:PREFIX} ({@code action:release} for every release action),
     * {@code on:OBJECT} (an entity such as {@code representative}, or a key such as an address),
     * {@code after:YYYY-MM-DD} and {@code before:YYYY-MM-DD} (UTC days).
     */
    public Page<Entry> page(String search, String sort, boolean descending, int page, int size) {
        String order = switch (sort == null ? "" : sort) {
            case "actor" -> "actor";
            case "action" -> "action";
            case "entity" -> "entity, entity_key";
            default -> "at";
        };
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new java.util.ArrayList<>();
        StringBuilder free = new StringBuilder();
        for (String token : (search == null ? "" : search.trim()).split("\\s+")) {
            int colon = token.indexOf(':');
            String key = colon > 0 ? token.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : "";
            String value = colon > 0 ? token.substring(colon + 1) : token;
            switch (key) {
                case "actor" -> {
                    where.append(" AND actor LIKE ?");
                    params.add(org.infohub.core.member.MembershipRepository.like(value));
                }
                case "action" -> {
                    where.append(" AND action LIKE ?");
                    params.add(value.replace("%", "") + "%");
                }
                case "on" -> {
                    where.append(" AND (entity = ? OR entity_key LIKE ?)");
                    params.add(value);
                    params.add(org.infohub.core.member.MembershipRepository.like(value));
                }
                case "after", "before" -> {
                    java.time.LocalDate day;
                    try {
                        day = java.time.LocalDate.parse(value);
                    } catch (java.time.format.DateTimeParseException e) {
                        throw org.infohub.core.member.ValidationException.of("q", key + ":" + value
                                + " is not a day; write it as 2026-11-30");
                    }
                    where.append(key.equals("after") ? " AND at >= ?" : " AND at < ?");
                    params.add(Timestamp.from((key.equals("after") ? day : day.plusDays(1))
                            .atStartOfDay(java.time.ZoneOffset.UTC).toInstant()));
                }
                default -> free.append(free.length() == 0 ? "" : " ").append(token);
            }
        }
        if (free.length() > 0) {
            String like = org.infohub.core.member.MembershipRepository.like(free.toString());
            where.append(" AND (actor LIKE ? OR action LIKE ? OR entity LIKE ? OR entity_key LIKE ? OR before_state LIKE ? "
                    + "OR after_state LIKE ?)");
            for (int i = 0; i < 6; i++) {
                params.add(like);
            }
        }
        long total = jdbc.queryLong("SELECT COUNT(*) FROM audit_log" + where, params.toArray());
        List<Object> paged = new java.util.ArrayList<>(params);
        paged.add(size);
        paged.add((long) Math.max(0, page - 1) * size);
        List<Entry> rows = jdbc.query(SELECT + where + " ORDER BY " + order + (descending ? " DESC" : "") + ", id"
                + (descending ? " DESC" : "") + " LIMIT ? OFFSET ?", AuditLog::entry, paged.toArray());
        return new Page<>(rows, total, page, size);
    }

    /** Where the console shows the object of an entry; empty when it has no page. */
    public static String link(Entry e) {
        String key = java.net.URLEncoder.encode(e.key(), java.nio.charset.StandardCharsets.UTF_8);
        return switch (e.entity()) {
            case "organisation" -> "/console/organisations?q=" + key;
            case "representative" -> "/console/representatives/" + key;
            case "list" -> "/console/lists/" + key;
            case "release" -> "/console/releases/" + key;
            case "vetting_outcome" -> "/console/outcomes/" + key;
            default -> "";
        };
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

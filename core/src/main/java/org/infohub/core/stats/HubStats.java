package org.infohub.core.stats;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.infohub.core.db.Jdbc;

/** The programme's figures: members, organisations, posts shared per sector, TLP and month. */
public final class HubStats {

    /** One snapshot of the figures. Maps keep the order they are shown in. */
    public record Figures(long representatives, long activeRepresentatives, long organisations,
                          long activeOrganisations, long lists, long posts, long refused, long held,
                          Map<String, Long> postsBySector, Map<String, Long> postsByTlp,
                          Map<String, Long> postsByMonth, Map<String, Long> counters) {
    }

    private static final String REPS = "SELECT COUNT(*), COALESCE(SUM(r.status = 'active' AND o.status = 'active'), 0) "
            + "FROM representative r JOIN organisation o ON o.id = r.organisation_id";
    private static final String ORGS = "SELECT COUNT(*), COALESCE(SUM(status = 'active'), 0) FROM organisation";
    private static final String LISTS = "SELECT COUNT(*) FROM hub_list";
    private static final String OUTCOMES = "SELECT outcome, COUNT(*) FROM vetting_outcome GROUP BY outcome";
    // A post to all@ counts under its author's sector; posts are counted per list they went to. One pass over the
    // figures' index gives the posts by sector, by TLP, by month and in all (four passes before).
    private static final String BY_SECTOR_TLP_MONTH = "SELECT COALESCE(sector, '(none)'), tlp, DATE_FORMAT(received_at, '%Y-%m'), "
            + "COUNT(*) FROM submission GROUP BY 1, 2, 3";
    private static final List<String> TLP_ORDER = List.of("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED");
    private static final int MONTHS = 24;

    /** Posts archived on one day (UTC) from one sector with one TLP. */
    public record DayCount(java.time.LocalDate day, String sector, String tlp, long posts) {
    }

    /** A sector's organisations (all and active) and representatives (all and active). */
    public record SectorMembers(String sector, long organisations, long activeOrganisations, long representatives,
                                long activeRepresentatives) {
    }

    private static final String BY_DAY = "SELECT DATE(received_at), COALESCE(sector, '(none)'), tlp, COUNT(*) FROM submission "
            + "WHERE received_at >= ? GROUP BY 1, 2, 3";
    /** Each table read once, grouped by sector (four correlated counts per sector read the representatives eight times). */
    private static final String MEMBERS_BY_SECTOR = "SELECT s.code, COALESCE(o.total, 0), COALESCE(o.active, 0), "
            + "COALESCE(r.total, 0), COALESCE(r.active, 0) FROM sector s "
            + "LEFT JOIN (SELECT sector, COUNT(*) AS total, SUM(status = 'active') AS active FROM organisation GROUP BY sector) o "
            + "ON o.sector = s.code "
            + "LEFT JOIN (SELECT o.sector, COUNT(*) AS total, SUM(o.status = 'active' AND r.status = 'active') AS active "
            + "FROM representative r JOIN organisation o ON o.id = r.organisation_id GROUP BY o.sector) r ON r.sector = s.code "
            + "ORDER BY s.code";

    private final Jdbc jdbc;

    /** Posts per day, sector and TLP since {@code from} (UTC): what the dashboard's weekly charts add up. */
    public java.util.List<DayCount> postsSince(java.time.LocalDate from) {
        return jdbc.query(BY_DAY, rs -> new DayCount(rs.getDate(1).toLocalDate(), rs.getString(2), rs.getString(3),
                rs.getLong(4)), java.sql.Timestamp.valueOf(from.atStartOfDay()));
    }

    /** Every sector, with none left out for having no members. */
    public java.util.List<SectorMembers> membersBySector() {
        return jdbc.query(MEMBERS_BY_SECTOR, rs -> new SectorMembers(rs.getString(1), rs.getLong(2), rs.getLong(3),
                rs.getLong(4), rs.getLong(5)));
    }

    public HubStats(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Figures figures() {
        long[] reps = jdbc.queryOne(REPS, rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElse(new long[2]);
        long[] orgs = jdbc.queryOne(ORGS, rs -> new long[] {rs.getLong(1), rs.getLong(2)}).orElse(new long[2]);
        Map<String, Long> outcomes = counts(OUTCOMES);
        Map<String, Long> sectors = new java.util.HashMap<>();
        Map<String, Long> tlps = new java.util.HashMap<>();
        Map<String, Long> months = new java.util.HashMap<>();
        long[] posts = {0};
        jdbc.query(BY_SECTOR_TLP_MONTH, rs -> {
            long n = rs.getLong(4);
            sectors.merge(rs.getString(1), n, Long::sum);
            tlps.merge(rs.getString(2), n, Long::sum);
            months.merge(rs.getString(3), n, Long::sum);
            posts[0] += n;
            return null;
        });
        return new Figures(reps[0], reps[1], orgs[0], orgs[1], jdbc.queryLong(LISTS), posts[0],
                outcomes.getOrDefault("refused", 0L), outcomes.getOrDefault("held", 0L),
                ordered(sectors, Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()), -1),
                ordered(tlps, Comparator.comparing((Map.Entry<String, Long> e) -> tlpRank(e.getKey()))
                        .thenComparing(Map.Entry.comparingByKey()), -1),
                ordered(months, Map.Entry.<String, Long>comparingByKey().reversed(), MONTHS), new HubCounters(jdbc).all());
    }

    /** The known labels in TLP 2.0's order, any other after them (MariaDB's FIELD gives those 0: first). */
    private static int tlpRank(String tlp) {
        return TLP_ORDER.indexOf(tlp) + 1;
    }

    private static Map<String, Long> ordered(Map<String, Long> counts, Comparator<Map.Entry<String, Long>> order, int limit) {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(order).limit(limit < 0 ? Long.MAX_VALUE : limit)
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private Map<String, Long> counts(String sql) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query(sql, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }
}

package org.infohub.core.stats;

import java.util.Map;
import java.util.TreeMap;

import org.infohub.core.db.Jdbc;

/** Named counters in MariaDB that the server adds to and the console reads. */
public final class HubCounters {
    /** Times a mail was put back on the spool because MariaDB was out of reach. */
    public static final String DATABASE_RETRIES = "database_retries";

    private static final String ADD = "INSERT INTO hub_counter (name, value) VALUES (?, ?) "
            + "ON DUPLICATE KEY UPDATE value = value + VALUES(value)";
    private static final String ALL = "SELECT name, value FROM hub_counter ORDER BY name";

    private final Jdbc jdbc;

    public HubCounters(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void add(String name, long delta) {
        jdbc.execute(ADD, name, delta);
    }

    public Map<String, Long> all() {
        Map<String, Long> out = new TreeMap<>();
        jdbc.query(ALL, rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    public long get(String name) {
        return all().getOrDefault(name, 0L);
    }
}

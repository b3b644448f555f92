package org.infohub.core.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import org.infohub.core.db.Jdbc;

/**
 * Which node runs a background job now, when two hub nodes share one database (issue 29). A job is
 * run by the node that holds its lease ({@code job_lease}): {@link #acquire} takes a lease that is
 * free, expired or already its own (renewing it), in one statement, with the database's clock; a
 * lease held by a live node is left to it. A node that dies stops renewing, and after the lease's
 * time another node takes the job over. With one node, its own lease is always renewed.
 */
public final class Leases {
    private static final String CURRENT = "SELECT holder, expires_at < NOW(3) FROM job_lease WHERE name = ? FOR UPDATE";
    private static final String INSERT = "INSERT IGNORE INTO job_lease (name, holder, expires_at) "
            + "VALUES (?, ?, NOW(3) + INTERVAL ? MICROSECOND)";
    private static final String TAKE = "UPDATE job_lease SET holder = ?, expires_at = NOW(3) + INTERVAL ? MICROSECOND WHERE name = ?";
    private static final String HOLDER = "SELECT holder FROM job_lease WHERE name = ?";
    private static final String RELEASE = "DELETE FROM job_lease WHERE name = ? AND holder = ?";

    private final Jdbc jdbc;
    private final String node;

    public Leases(Jdbc jdbc, String node) {
        this.jdbc = jdbc;
        this.node = node;
    }

    /** A name for this process that no other node shares: host, process id and a random part. */
    public static String thisNode() {
        String runtime = ManagementFactory.getRuntimeMXBean().getName();
        String id = runtime + "-" + UUID.randomUUID().toString().substring(0, 8);
        return id.length() > 120 ? id.substring(id.length() - 120) : id;
    }

    /**
     * The node that runs on {@code dataDir}: a name kept in {@code DATA/node-id} (made once), so a
     * node restarted after a crash is the same node and resumes its own leases at once, while
     * another data directory (another node) never shares it.
     */
    public static String nodeOf(java.nio.file.Path dataDir) {
        java.nio.file.Path file = dataDir.resolve("node-id");
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                String id = java.nio.file.Files.readString(file).strip();
                if (!id.isEmpty() && id.length() <= 120 && id.chars().allMatch(c -> c > 32 && c < 127)) {
                    return id;
                }
            }
            String host = java.net.InetAddress.getLoopbackAddress().getHostName();
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                // no name for this machine: the random part alone tells the nodes apart
            }
            String id = (host.length() > 80 ? host.substring(0, 80) : host).replaceAll("[^A-Za-z0-9.-]", "_") + "-"
                    + UUID.randomUUID();
            org.infohub.core.files.PrivateFiles.writeString(file, id + "\n", java.nio.charset.StandardCharsets.US_ASCII);
            return id;
        } catch (java.io.IOException e) {
            return thisNode();
        }
    }

    public String node() {
        return node;
    }

    /** Whether this node holds {@code job}'s lease for {@code ttl} from now (taken or renewed). */
    public boolean acquire(String job, Duration ttl) {
        long micros = ttl.toNanos() / 1000;
        return jdbc.inTransaction(() -> {
            // The row locked, so two nodes asking at once are answered one after the other.
            java.util.Optional<Boolean> free = jdbc.queryOne(CURRENT, rs -> node.equals(rs.getString(1)) || rs.getBoolean(2), job);
            if (free.isEmpty()) {
                jdbc.execute(INSERT, job, node, micros);
            } else if (free.get()) {
                jdbc.execute(TAKE, node, micros, job);
            }
            return node.equals(jdbc.queryOne(HOLDER, rs -> rs.getString(1), job).orElse(""));
        });
    }

    /** Gives the lease back at once (an orderly stop), if this node holds it. */
    public void release(String job) {
        jdbc.execute(RELEASE, job, node);
    }
}

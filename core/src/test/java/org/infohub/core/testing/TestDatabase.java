package org.infohub.core.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.infohub.core.db.EmbeddedMariaDb;
import org.infohub.core.db.HubDatabase;

/**
 * One real MariaDB per test JVM (started on first use, stopped at exit), and a fresh, migrated
 * database on it for each test class that asks.
 */
public final class TestDatabase {
    private static EmbeddedMariaDb server;

    private TestDatabase() {
    }

    public static synchronized EmbeddedMariaDb server() {
        if (server == null) {
            Path dir = Path.of(System.getProperty("infohub.test.mariadb", "target/test-mariadb")).toAbsolutePath();
            server = EmbeddedMariaDb.start(dir, 0);
            EmbeddedMariaDb s = server;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-mariadb-stop"));
        }
        return server;
    }

    /** Creates database {@code name} anew (dropping an old one) and returns its JDBC URL. */
    public static String freshUrl(String name) {
        EmbeddedMariaDb db = server();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(""), user(), password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name);
            st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name, e);
        }
        return db.jdbcUrl(name);
    }

    /** A fresh, migrated database {@code name}, with a small pool. */
    public static HubDatabase fresh(String name) {
        return HubDatabase.connect(freshUrl(name), user(), password(), 4);
    }

    /** The user the test server's databases are reached with (the hub's own, made at its first start). */
    public static String user() {
        return server().credentials().user();
    }

    public static String password() {
        return server().credentials().password();
    }

    /** A file holding the tests' database password, for the command line's {@code --db-password-file}. */
    public static String passwordFile() {
        try {
            // One file per test MariaDB: two test JVMs of a module (two forks) each have their own server and
            // password, and a shared file let one fork's commands sign in with the other's.
            Path file = Path.of(System.getProperty("infohub.test.mariadb", "target/test-mariadb") + ".password")
                    .toAbsolutePath();
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, password());
            return file.toString();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

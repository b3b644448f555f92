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
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(""), "root", "");
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
        return HubDatabase.connect(freshUrl(name), "root", "", 4);
    }
}

package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Issue 29: two transactions that lock the same rows in opposite orders deadlock, and the database
 * rolls one back (InnoDB's deadlock here; Galera's certification failure on a cluster is the same
 * error, 1213). The hub runs the rolled-back one again: both land, nothing is counted twice.
 */
class ConflictRetryTest {

    @Test
    void aTransactionRolledBackForAConflictRunsAgainAndBothLand() throws Exception {
        try (HikariDataSource ds = MigrationsTest.dataSource("conflict_retry")) {
            ds.setMaximumPoolSize(4);
            Jdbc jdbc = new Jdbc(ds);
            jdbc.execute("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL) ENGINE=InnoDB");
            jdbc.execute("INSERT INTO counter VALUES (1, 0), (2, 0)");
            long before = Jdbc.conflictsRetried();
            CyclicBarrier bothHoldOne = new CyclicBarrier(2);
            AtomicInteger runs = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                Future<?> forward = pool.submit(() -> crossing(jdbc, 1, 2, bothHoldOne, runs));
                Future<?> backward = pool.submit(() -> crossing(jdbc, 2, 1, bothHoldOne, runs));
                forward.get(60, TimeUnit.SECONDS);
                backward.get(60, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }

            assertThat(Jdbc.conflictsRetried() - before).isGreaterThanOrEqualTo(1);
            assertThat(runs.get()).isGreaterThanOrEqualTo(3);
            // Each transaction added one to both rows, once.
            assertThat(jdbc.query("SELECT n FROM counter ORDER BY id", rs -> rs.getInt(1))).containsExactly(2, 2);
        }
    }

    /**
     * A connection that breaks in the middle of a transaction (MariaDB gone, or the connection
     * killed) is reported as the database being unavailable, so the pipeline retries the mail later.
     * Before, the pool's "Connection is closed" from giving the broken connection back (no SQLSTATE)
     * replaced that failure, and a post was set aside as if its statement were wrong.
     */
    @Test
    void aConnectionThatBreaksInATransactionIsReportedAsTheDatabaseUnavailable() throws Exception {
        try (HikariDataSource ds = MigrationsTest.dataSource("broken_connection")) {
            Jdbc jdbc = new Jdbc(ds);
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> jdbc.inTransaction(() -> {
                long id = jdbc.queryLong("SELECT CONNECTION_ID()");
                try (java.sql.Connection other = java.sql.DriverManager.getConnection(ds.getJdbcUrl(), ds.getUsername(),
                        ds.getPassword());
                     java.sql.Statement st = other.createStatement()) {
                    st.execute("KILL CONNECTION " + id);
                }
                return jdbc.queryLong("SELECT 1");
            }));
            assertThat(failure).isInstanceOf(DataAccessException.class);
            assertThat(((DataAccessException) failure).isUnavailable()).as(failure.toString()).isTrue();
            // The pool goes on with a fresh connection.
            assertThat(jdbc.queryLong("SELECT 2")).isEqualTo(2);
        }
    }

    private static Void crossing(Jdbc jdbc, int first, int second, CyclicBarrier bothHoldOne, AtomicInteger runs) {
        boolean[] firstRun = {true};
        return jdbc.inTransaction(() -> {
            runs.incrementAndGet();
            jdbc.execute("UPDATE counter SET n = n + 1 WHERE id = ?", first);
            if (firstRun[0]) {
                firstRun[0] = false;
                try {
                    bothHoldOne.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            jdbc.execute("UPDATE counter SET n = n + 1 WHERE id = ?", second);
            return null;
        });
    }
}

package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * {@link Jdbc#insertRows}, which writes a post's reach rows and indicators: rows past one statement's
 * {@link Jdbc#ROWS_AT_ONCE} go in further statements, every row lands once with its values in the
 * columns named, and a row of the wrong width is refused by name inside the caller's transaction,
 * which then leaves nothing written.
 */
class JdbcInsertRowsTest {
    private static HikariDataSource ds;
    private static Jdbc jdbc;

    @BeforeAll
    static void database() {
        ds = MigrationsTest.dataSource("insert_rows");
        jdbc = new Jdbc(ds);
        jdbc.execute("CREATE TABLE pair (id INT PRIMARY KEY, word VARCHAR(20) NOT NULL, n BIGINT) ENGINE=InnoDB");
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @BeforeEach
    void empty() {
        jdbc.execute("DELETE FROM pair");
    }

    @Test
    void rowsPastOneStatementShouldAllLandOnceWithTheirValuesInTheirColumns() {
        int count = 2 * Jdbc.ROWS_AT_ONCE + 3;
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {i, "w" + i, i % 7 == 0 ? null : (long) i * 1_000_000_007L});
        }
        // One repeated key: INSERT IGNORE keeps the first and counts it once.
        rows.add(new Object[] {5, "again", 1L});

        int changed = jdbc.insertRows("INSERT IGNORE INTO pair (id, word, n) VALUES ", rows);

        assertThat(changed).isEqualTo(count);
        assertThat(jdbc.queryLong("SELECT COUNT(*) FROM pair")).isEqualTo(count);
        assertThat(jdbc.queryOne("SELECT word FROM pair WHERE id = 5", rs -> rs.getString(1))).contains("w5");
        assertThat(jdbc.queryOne("SELECT n FROM pair WHERE id = ?", rs -> rs.getObject(1), count - 1))
                .contains((long) (count - 1) * 1_000_000_007L);
        assertThat(jdbc.queryLong("SELECT COUNT(*) FROM pair WHERE n IS NULL")).isEqualTo((count + 6) / 7);
    }

    @Test
    void noRowsShouldRunNoStatement() {
        assertThat(jdbc.insertRows("INSERT INTO no_such_table (a) VALUES ", List.of())).isZero();
    }

    @Test
    void aRowOfTheWrongWidthShouldBeRefusedByNumberAndItsTransactionLeaveNothing() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < Jdbc.ROWS_AT_ONCE + 10; i++) {
            rows.add(new Object[] {i, "w" + i, 1L});
        }
        rows.set(Jdbc.ROWS_AT_ONCE + 4, new Object[] {9999, "short"});

        Throwable refused = catchThrowable(() -> jdbc.inTransaction(() -> jdbc.insertRows("INSERT INTO pair (id, word, n) VALUES ", rows)));

        assertThat(refused).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row " + (Jdbc.ROWS_AT_ONCE + 4) + " has 2 values, not 3");
        assertThat(jdbc.queryLong("SELECT COUNT(*) FROM pair")).isZero();
    }
}

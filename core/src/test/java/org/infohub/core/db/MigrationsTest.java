package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flywaydb.core.Flyway;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Every migration can run again: MariaDB commits each DDL statement at once, so a migration that
 * failed half-way is run again from its first statement at the next start ({@link Migrations}).
 * Here each one is applied in turn and then run a second time, statement by statement, as the
 * re-run after a failure at its last statement would: no statement fails, and the schema (columns,
 * indexes, foreign keys) and every table's row count are as the first run left them.
 */
class MigrationsTest {
    private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*\\.sql");

    @Test
    void everyMigrationRunAgainOnTheSchemaItMadeFailsNowhereAndChangesNothing() throws Exception {
        List<Path> files = migrationFiles();
        assertThat(files).hasSizeGreaterThanOrEqualTo(30);
        try (HikariDataSource ds = dataSource("rerun")) {
            for (Path file : files) {
                Matcher m = VERSION.matcher(file.getFileName().toString());
                assertThat(m.matches()).isTrue();
                Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).target(m.group(1)).load().migrate();
                try (Connection c = ds.getConnection()) {
                    String before = schemaAndCounts(c);
                    for (String statement : statements(file)) {
                        try (Statement s = c.createStatement()) {
                            s.execute(statement);
                        } catch (SQLException e) {
                            throw new AssertionError(file.getFileName() + " cannot run again: " + e.getMessage() + "\n" + statement, e);
                        }
                    }
                    assertThat(schemaAndCounts(c)).as(file.getFileName() + " run again").isEqualTo(before);
                }
            }
        }
    }

    @Test
    void aDatabaseMigratedBeforeTheGuardsWereWrittenStartsAndOneChangedLaterMigrationStillStopsIt() throws Exception {
        try (HikariDataSource ds = dataSource("realign")) {
            Migrations.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                // The checksums the shipped text of V001 and V028 had before the guards: any other number does as well.
                assertThat(s.executeUpdate("UPDATE flyway_schema_history SET checksum = 12345 WHERE CAST(version AS UNSIGNED) IN (1, 28)"))
                        .isEqualTo(2);
            }
            Migrations.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE checksum = 12345")) {
                rs.next();
                assertThat(rs.getInt(1)).as("realigned to this release's text").isZero();
            }
            // A migration after the rewrite whose text changed once applied is not realigned: the start stops.
            Migrations.migrate(ds, "classpath:upgrade/fixed");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '900'")).isEqualTo(1);
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.migrate(ds, "classpath:upgrade/fixed"))
                    .hasMessageContaining("does not match this release's migrations").hasMessageContaining("V900");
        }
    }

    static HikariDataSource dataSource(String name) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(TestDatabase.freshUrl(name));
        ds.setUsername(TestDatabase.user());
        ds.setPassword(TestDatabase.password());
        ds.setMaximumPoolSize(2);
        return ds;
    }

    private static List<Path> migrationFiles() throws URISyntaxException, java.io.IOException {
        Path dir = Path.of(MigrationsTest.class.getClassLoader().getResource("db/migration").toURI());
        try (var list = Files.list(dir)) {
            return list.filter(p -> VERSION.matcher(p.getFileName().toString()).matches())
                    .sorted(java.util.Comparator.comparingInt(p -> {
                        Matcher m = VERSION.matcher(p.getFileName().toString());
                        m.matches();
                        return Integer.parseInt(m.group(1));
                    })).toList();
        }
    }

    /** The file's statements: comment lines dropped, split at a semicolon that ends a line. */
    private static List<String> statements(Path file) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.stripLeading().startsWith("--")) {
                text.append(line).append('\n');
            }
        }
        List<String> out = new ArrayList<>();
        for (String part : text.toString().split(";\\s*\n")) {
            if (!part.isBlank()) {
                out.add(part.strip().replaceAll(";$", ""));
            }
        }
        return out;
    }

    private static String schemaAndCounts(Connection c) throws SQLException {
        StringBuilder out = new StringBuilder();
        query(c, out, "SELECT table_name, column_name, column_type, is_nullable, column_default, collation_name "
                + "FROM information_schema.columns WHERE table_schema = DATABASE() ORDER BY table_name, ordinal_position");
        query(c, out, "SELECT table_name, index_name, seq_in_index, column_name, non_unique FROM information_schema.statistics "
                + "WHERE table_schema = DATABASE() ORDER BY table_name, index_name, seq_in_index");
        query(c, out, "SELECT constraint_name, table_name, referenced_table_name FROM information_schema.referential_constraints "
                + "WHERE constraint_schema = DATABASE() ORDER BY constraint_name");
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                + "WHERE table_schema = DATABASE() AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        for (String t : tables) {
            query(c, out, "SELECT '" + t + "', COUNT(*) FROM `" + t + "`");
        }
        return out.toString();
    }

    private static void query(Connection c, StringBuilder out, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= n; i++) {
                    out.append(rs.getString(i)).append(i == n ? "\n" : "\t");
                }
            }
        }
    }
}

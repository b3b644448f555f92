package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import org.flywaydb.core.Flyway;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.kind.Kind;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * An upgrade as an operator makes it: a database made by the schema of the previous release
 * (V017, before kinds, watchlists, events and tokens) holding members and posts, opened by this
 * release, which migrates it at the start: nothing lost, the new columns filled with their defaults.
 */
class UpgradeTest {
    @Test
    void aDatabaseOfThePreviousSchemaWithDataInItIsMigratedWithNothingLost() throws Exception {
        String url = TestDatabase.freshUrl("upgrade");
        try (HikariDataSource ds = new HikariDataSource()) {
            ds.setJdbcUrl(url);
            ds.setUsername(TestDatabase.user());
            ds.setPassword(TestDatabase.password());
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("17").load().migrate();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO organisation (id, name, sector) VALUES (1, 'North Bank', 'finance')");
                s.execute("INSERT INTO organisation_domain (organisation_id, domain) VALUES (1, 'north.example')");
                s.execute("INSERT INTO representative (id, email, name, organisation_id) VALUES (1, 'nina@north.example', 'Nina', 1)");
                try (PreparedStatement p = c.prepareStatement("INSERT INTO submission (seq, message_id, list_id, sender, "
                        + "representative_id, organisation_id, organisation_name, sector, subject, text_body, tlp, tlp_labelled, "
                        + "received_at, raw, raw_size) SELECT 1, '<old@north.example>', id, 'nina@north.example', 1, 1, "
                        + "'North Bank', 'finance', 'TLP:GREEN an old post', 'Posted before the upgrade.', 'GREEN', 1, ?, ?, 10 "
                        + "FROM hub_list WHERE local_part = 'finance'")) {
                    p.setTimestamp(1, Timestamp.from(Instant.parse("2026-11-01T10:00:00Z")));
                    p.setBytes(2, "Subject: x\r\n\r\nold\r\n".getBytes(StandardCharsets.US_ASCII));
                    p.executeUpdate();
                }
                s.execute("UPDATE archive_sequence SET next_seq = 2");
            }
        }

        // This release opens it as the server does at its start.
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2)) {
            assertThat(db.jdbc().queryLong("SELECT MAX(CAST(version AS UNSIGNED)) FROM flyway_schema_history WHERE success = 1"))
                    .isGreaterThanOrEqualTo(22);
            MembershipRepository members = new MembershipRepository(db.jdbc());
            assertThat(members.findRepresentative("nina@north.example")).isPresent();
            assertThat(members.findOrganisation("North Bank").orElseThrow().domains()).containsExactly("north.example");
            ArchiveRepository archive = new ArchiveRepository(db.jdbc());
            var post = archive.findBySeq(1).orElseThrow();
            assertThat(post.subject()).isEqualTo("TLP:GREEN an old post");
            assertThat(post.kind()).isEqualTo(Kind.DISCUSSION);
            assertThat(db.jdbc().queryOne("SELECT status_reason FROM organisation WHERE id = 1", rs -> rs.getString(1)))
                    .contains("");
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM watch_entry")).isZero();
            assertThat(db.jdbc().queryLong("SELECT next_seq FROM archive_sequence")).isEqualTo(2);
        }
    }

    /**
     * A migration of the next release fails at its third statement on a database holding data: the
     * start stops and names it, and MariaDB keeps its first two statements (DDL is not transactional).
     * The release that fixes it ships the same migration, guarded; at the next start the failed record
     * is removed and the migration runs again from its first statement over what was left: the
     * schema completes, the data that was there is kept, and later starts run nothing again.
     */
    @Test
    void aMigrationThatFailedHalfWayRunsAgainOnceFixedAndNothingIsLost() throws Exception {
        try (HikariDataSource ds = MigrationsTest.dataSource("failed_then_fixed")) {
            Migrations.migrate(ds);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO organisation (id, name, sector) VALUES (1, 'North Bank', 'finance'), (2, 'East Insurer', 'finance')");
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.migrate(ds, "classpath:upgrade/broken"))
                    .hasMessageContaining("900").hasMessageContaining("no_such_table");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '900' AND success = 0"))
                        .as("recorded as failed").isEqualTo(1);
                assertThat(count(s, "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() "
                        + "AND table_name = 'upgrade_probe'")).as("half done: its table and column are there").isEqualTo(3);
            }
            // The failed release again: still refused, with the reason, never a half-marked success.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.migrate(ds, "classpath:upgrade/broken"))
                    .hasMessageContaining("no_such_table");

            Migrations.migrate(ds, "classpath:upgrade/fixed");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '900' AND success = 1")).isEqualTo(1);
                assertThat(count(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 0")).isZero();
                assertThat(count(s, "SELECT COUNT(*) FROM upgrade_probe")).isEqualTo(2);
                assertThat(count(s, "SELECT COUNT(*) FROM organisation")).isEqualTo(2);
            }
            Migrations.migrate(ds, "classpath:upgrade/fixed");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                assertThat(count(s, "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '900'")).isEqualTo(1);
            }
            // The release before it (without V900) does not start on this database: it says how to go back.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Migrations.migrate(ds))
                    .hasMessageContaining("migrated by a newer release (V900").hasMessageContaining("Rollback");
        }
    }

    private static long count(Statement s, String sql) throws java.sql.SQLException {
        try (java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

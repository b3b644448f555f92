package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.db.Migrations;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The way back of {@code docs/OPERATIONS.md} (Rollback), walked with this release as "the previous
 * release" and a next release's migration (V900, a test resource) as the upgrade: a backup before
 * the upgrade; the upgrade and a change after it; this release refusing the upgraded database with
 * the way back in its message; the backup restored by this release onto an empty database: the hub
 * as it was before the upgrade, and the upgraded database left as it was.
 */
class RollbackTest {
    @TempDir
    Path work;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private String[] db(String url, Path dataDir, String... rest) throws Exception {
        Path passwordFile = work.resolve("db-password");
        if (!Files.exists(passwordFile)) {
            Files.writeString(passwordFile, TestDatabase.password());
        }
        List<String> a = new ArrayList<>(List.of(rest));
        a.addAll(List.of("--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", passwordFile.toString(),
                "--data-dir", Files.createDirectories(dataDir).toString()));
        return a.toArray(new String[0]);
    }

    @Test
    void theBackupTakenBeforeAnUpgradeRestoredByThePreviousReleaseGivesTheHubAsItWasBeforeIt() throws Exception {
        String live = TestDatabase.freshUrl("rollback_live");
        try (HubDatabase db = HubDatabase.connect(live, TestDatabase.user(), TestDatabase.password(), 2)) {
            MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()),
                    new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
            admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
            admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
        }
        Path before = work.resolve("before-upgrade");
        CliRun backup = cli(db(live, work.resolve("data"), "backup", before.toString()));
        assertThat(backup.code()).as(backup.err()).isZero();

        // The upgrade: the next release's migration runs at its start; a representative is added after it.
        try (HikariDataSource ds = dataSource(live)) {
            Migrations.migrate(ds, "classpath:upgrade/fixed");
        }
        try (HikariDataSource ds = dataSource(live); var c = ds.getConnection(); var s = c.createStatement()) {
            s.execute("INSERT INTO representative (email, name, organisation_id) SELECT 'otto@north.example', 'Otto', id "
                    + "FROM organisation WHERE name = 'North Bank'");
        }

        // This release does not start on the upgraded database, and says how to go back.
        assertThatThrownBy(() -> HubDatabase.connect(live, TestDatabase.user(), TestDatabase.password(), 1))
                .hasMessageContaining("migrated by a newer release (V900").hasMessageContaining("restoring the backup taken before the upgrade");
        CliRun refused = cli(db(live, work.resolve("data"), "backup", work.resolve("after-upgrade").toString()));
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).contains("migrated by a newer release");

        // The way back: this release restores the backup from before the upgrade onto an empty database.
        assertThat(cli("backup", "verify", before.toString()).code()).isZero();
        String back = TestDatabase.freshUrl("rollback_back");
        CliRun restore = cli(db(back, work.resolve("back"), "restore", before.toString()));
        assertThat(restore.code()).as(restore.err()).isZero();
        try (HubDatabase db = HubDatabase.connect(back, TestDatabase.user(), TestDatabase.password(), 1)) {
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM representative")).isEqualTo(1);
            assertThat(new MembershipRepository(db.jdbc()).findRepresentative("nina@north.example")).isPresent();
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                    + "AND table_name = 'upgrade_probe'")).isZero();
        }
        // What came after the upgrade is still in the database set aside.
        try (HikariDataSource ds = dataSource(live); var c = ds.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM representative")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    private static HikariDataSource dataSource(String url) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(url);
        ds.setUsername(TestDatabase.user());
        ds.setPassword(TestDatabase.password());
        ds.setMaximumPoolSize(1);
        return ds;
    }
}

package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.backup.Snapshot;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An external MariaDB as production runs it: the hub's own user with only the grants it needs on
 * its one database (docs/OPERATIONS.md), never root. With them it migrates the schema, keeps the
 * membership and takes a consistent backup; anything beyond them is refused.
 */
class LeastPrivilegeTest {
    static final String GRANTS = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP, REFERENCES";

    @TempDir
    Path backup;

    @Test
    void theHubRunsOnADedicatedUserWithOnlyTheGrantsItNeeds() throws Exception {
        String url = TestDatabase.freshUrl("least_privilege");
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
             Statement s = c.createStatement()) {
            s.execute("DROP USER IF EXISTS 'hub_app'@'127.0.0.1'");
            s.execute("CREATE USER 'hub_app'@'127.0.0.1' IDENTIFIED BY 'a long app password'");
            s.execute("GRANT " + GRANTS + " ON least_privilege.* TO 'hub_app'@'127.0.0.1'");
        }
        try (HubDatabase db = HubDatabase.connect(url, "hub_app", "a long app password", 2)) {
            MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), new AuditLog(db.jdbc(),
                    Clock.systemUTC()), Clock.systemUTC());
            admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
            admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
            assertThat(Snapshot.dump(db.jdbc().dataSource(), backup, line -> { })).containsEntry("organisation", 1L)
                    .containsEntry("representative", 1L);
            assertThatThrownBy(() -> db.jdbc().execute("CREATE DATABASE not_the_hubs")).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM mysql.user")).isInstanceOf(RuntimeException.class);
        }
    }
}

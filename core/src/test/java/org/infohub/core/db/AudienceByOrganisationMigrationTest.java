package org.infohub.core.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.audience.Audience;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Issue 29: V041 keeps the record of who may see a post as one row per organisation reached. The
 * rows a hub wrote before, one per representative, are grouped by the migration, and every answer
 * {@link Audience} gives about those posts is the one it gave before the upgrade: the copies, the
 * digest places (a reader who moved since takes none along), the organisations and their
 * representatives, bounce attribution, and the decision found already made.
 */
class AudienceByOrganisationMigrationTest {

    @Test
    void rowsPerRepresentativeWrittenBeforeTheUpgradeShouldGiveTheSameAnswersAfterIt() {
        try (HikariDataSource ds = MigrationsTest.dataSource("audience_by_organisation")) {
            Flyway.configure().dataSource(ds).locations(Migrations.LOCATION).target("40").load().migrate();
            Jdbc jdbc = new Jdbc(ds);
            Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
            MembershipRepository members = new MembershipRepository(jdbc);
            MembershipAdmin admin = new MembershipAdmin(members, new AuditLog(jdbc, clock), clock);
            admin.createOrganisation("test", "First Bank", "finance", List.of("first.example"));
            admin.createOrganisation("test", "Second Bank", "finance", List.of("second.example"));
            admin.createOrganisation("test", "City Hospital", "healthcare", List.of("hospital.example"));
            for (String rep : List.of("alice@first.example", "amy@first.example", "ann@first.example")) {
                admin.addRepresentative("test", rep, rep, "First Bank");
            }
            admin.addRepresentative("test", "bob@second.example", "Bob", "Second Bank");
            admin.addRepresentative("test", "dan@second.example", "Dan", "Second Bank");
            HubList finance = members.findList("finance").orElseThrow();
            ArchiveRepository archive = new ArchiveRepository(jdbc);
            long seq = archive.archive(new NewSubmission("<before@first.example>", finance, "alice@first.example",
                    Optional.empty(), "s", "t", Tlp.AMBER, true, Instant.now(), Optional.empty(),
                    "Subject: s\r\n\r\nt".getBytes(StandardCharsets.US_ASCII))).submission().seq();
            // As V040's Audience recorded a post: a row per representative reached, and the author.
            long first = members.findOrganisation("First Bank").orElseThrow().id();
            long second = members.findOrganisation("Second Bank").orElseThrow().id();
            Object[][] rows = {{"alice@first.example", first, "author"}, {"amy@first.example", first, "copy"},
                {"ann@first.example", first, "copy"}, {"bob@second.example", second, "copy"},
                {"dan@second.example", second, "digest"}};
            for (Object[] r : rows) {
                jdbc.execute("INSERT INTO post_audience (seq, list_id, representative_id, organisation_id, via) VALUES (?, ?, ?, ?, ?)",
                        seq, finance.id(), members.findRepresentative((String) r[0]).orElseThrow().id(), r[1], r[2]);
            }

            Migrations.migrate(ds);

            assertThat(jdbc.queryLong("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() "
                    + "AND table_name = 'post_audience'")).as("the old table is gone").isZero();
            assertThat(jdbc.query("SELECT organisation_id, via, readers FROM post_reach ORDER BY organisation_id, via",
                    rs -> rs.getLong(1) + " " + rs.getString(2) + " " + rs.getString(3).split(",").length))
                    .containsExactly(first + " author 1", first + " copy 2", second + " copy 1", second + " digest 1");
            Audience audience = new Audience(members);
            assertThat(audience.copies(seq, finance.id())).containsExactly("amy@first.example", "ann@first.example", "bob@second.example");
            Audience.Decision again = audience.decide(seq, finance, List.of(), Optional.empty(), Optional.empty());
            assertThat(again.decidedBefore()).isTrue();
            assertThat(again.copies()).containsExactly("amy@first.example", "ann@first.example", "bob@second.example");
            assertThat(again.digestReaders()).isEqualTo(1);
            assertThat(audience.organisations(seq, finance.id())).containsExactly(first, second);
            assertThat(audience.representatives(seq, finance.id(), first))
                    .containsExactly("alice@first.example", "amy@first.example", "ann@first.example");
            assertThat(audience.wasSentTo(seq, "finance", "bob@second.example")).isTrue();
            assertThat(audience.wasSentTo(seq, "finance", "dan@second.example")).as("a digest reader got no copy").isFalse();
            long dan = members.findRepresentative("dan@second.example").orElseThrow().id();
            assertThat(audience.digestItems(dan, 0, Long.MAX_VALUE)).extracting(p -> p[0]).containsExactly(seq);
            assertThat(audience.representativeMaySee(dan, seq)).isTrue();
            long carolOrg = members.findOrganisation("City Hospital").orElseThrow().id();
            assertThat(audience.organisationMaySee(carolOrg, seq)).isFalse();

            admin.updateRepresentative("test", "dan@second.example", "Dan", "City Hospital");
            assertThat(audience.digestItems(dan, 0, Long.MAX_VALUE)).as("moved: nothing of the past along").isEmpty();
            assertThat(audience.representatives(seq, finance.id(), second)).containsExactly("bob@second.example");
        }
    }
}

package org.infohub.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The posts' figures (by sector, by TLP, by month, in all), read in one pass over the archive: each
 * counted and in the order the dashboard and {@code /api/stats} show it.
 */
class PostFiguresTest {
    private static HubDatabase db;

    @BeforeAll
    static void archive() {
        db = TestDatabase.fresh("post_figures_test");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        MembershipRepository members = new MembershipRepository(db.jdbc());
        MembershipAdmin admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), clock), clock);
        admin.createOrganisation("test", "First Bank", "finance", List.of("firstbank.example"));
        admin.createOrganisation("test", "City Hospital", "healthcare", List.of("hospital.example"));
        admin.createOrganisation("test", "Power Co", "utilities", List.of("power.example"));
        Representative alice = admin.addRepresentative("test", "alice@firstbank.example", "Alice Chan", "First Bank");
        Representative carol = admin.addRepresentative("test", "carol@hospital.example", "Carol Diaz", "City Hospital");
        Representative pat = admin.addRepresentative("test", "pat@power.example", "Pat Ng", "Power Co");
        ArchiveRepository archive = new ArchiveRepository(db.jdbc());
        Object[][] posts = {
            {carol, Tlp.RED, "2026-01-05T01:00:00Z"}, {carol, Tlp.GREEN, "2026-01-06T01:00:00Z"},
            {alice, Tlp.AMBER, "2026-02-01T01:00:00Z"}, {alice, Tlp.CLEAR, "2026-02-02T01:00:00Z"},
            {pat, Tlp.GREEN, "2025-12-31T23:00:00Z"}, {pat, Tlp.AMBER_STRICT, "2026-02-03T01:00:00Z"},
            {pat, Tlp.GREEN, "2026-02-04T01:00:00Z"},
        };
        int n = 0;
        for (Object[] p : posts) {
            Representative r = (Representative) p[0];
            String body = "post " + n;
            archive.archive(new NewSubmission("<figures" + n++ + "@test>", members.findList(r.sector()).orElseThrow(), r.email(),
                    Optional.of(r), "a post", body, (Tlp) p[1], true, Instant.parse((String) p[2]), Optional.empty(),
                    body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void postsAreCountedBySectorTlpAndMonthInTheOrderShown() {
        HubStats.Figures f = new HubStats(db.jdbc()).figures();

        assertThat(f.posts()).isEqualTo(7);
        assertThat(f.postsBySector()).as("most posts first, then by name")
                .containsExactly(java.util.Map.entry("utilities", 3L), java.util.Map.entry("finance", 2L),
                        java.util.Map.entry("healthcare", 2L));
        assertThat(f.postsByTlp()).as("TLP 2.0's order")
                .containsExactly(java.util.Map.entry("CLEAR", 1L), java.util.Map.entry("GREEN", 3L), java.util.Map.entry("AMBER", 1L),
                        java.util.Map.entry("AMBER+STRICT", 1L), java.util.Map.entry("RED", 1L));
        assertThat(f.postsByMonth()).as("the latest month first")
                .containsExactly(java.util.Map.entry("2026-02", 4L), java.util.Map.entry("2026-01", 2L),
                        java.util.Map.entry("2025-12", 1L));
    }
}

package org.infohub.core.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The representatives' listing behind the console and {@code /api/representatives}: search, sector
 * and status filters, every order, pages and the total, as the people in the database are.
 */
class RepresentativeListingTest {
    private static HubDatabase db;
    private static MembershipRepository members;

    @BeforeAll
    static void membership() {
        db = TestDatabase.fresh("representative_listing_test");
        members = new MembershipRepository(db.jdbc());
        MembershipAdmin admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        admin.createOrganisation("test", "Zephyr Bank", "finance", List.of("zephyr.example"));
        admin.createOrganisation("test", "Apex Hospital", "healthcare", List.of("apex.example"));
        admin.createOrganisation("test", "Closed Power", "utilities", List.of("closed.example"));
        admin.addRepresentative("test", "carl@zephyr.example", "Carl Wong", "Zephyr Bank");
        admin.addRepresentative("test", "anna@zephyr.example", "Zoe Anna", "Zephyr Bank");
        admin.addRepresentative("test", "bea@apex.example", "Bea Lam", "Apex Hospital");
        admin.addRepresentative("test", "dora@apex.example", "Dora Ip", "Apex Hospital");
        admin.addRepresentative("test", "ed@closed.example", "Ed 100%_Tan", "Closed Power");
        admin.setRepresentativeStatus("test", "dora@apex.example", Status.SUSPENDED);
        admin.setOrganisationStatus("test", "Closed Power", Status.SUSPENDED);
        ArchiveRepository archive = new ArchiveRepository(db.jdbc());
        String[][] posts = {{"bea@apex.example", "2026-01-01T00:00:00Z"}, {"bea@apex.example", "2026-01-02T00:00:00Z"},
            {"bea@apex.example", "2026-01-03T00:00:00Z"}, {"carl@zephyr.example", "2026-02-01T00:00:00Z"}};
        int n = 0;
        for (String[] p : posts) {
            Representative r = members.findRepresentative(p[0]).orElseThrow();
            String body = "post " + n;
            archive.archive(new NewSubmission("<listing" + n++ + "@test>", members.findList(r.sector()).orElseThrow(), r.email(),
                    Optional.of(r), "a post", body, Tlp.GREEN, true, Instant.parse(p[1]), Optional.empty(),
                    body.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private static List<String> emails(String search, String sector, String status, String sort, boolean desc) {
        return members.representatives(search, sector, status, sort, desc, 1, 50).rows().stream().map(Representative::email).toList();
    }

    @Test
    void everyOrderListsEveryRepresentativeOnce() {
        assertThat(emails("", "", "", "", false)).containsExactly("anna@zephyr.example", "bea@apex.example", "carl@zephyr.example",
                "dora@apex.example", "ed@closed.example");
        assertThat(emails("", "", "", "", true)).containsExactly("ed@closed.example", "dora@apex.example", "carl@zephyr.example",
                "bea@apex.example", "anna@zephyr.example");
        assertThat(emails("", "", "", "name", false)).containsExactly("bea@apex.example", "carl@zephyr.example", "dora@apex.example",
                "ed@closed.example", "anna@zephyr.example");
        assertThat(emails("", "", "", "organisation", false)).containsExactly("bea@apex.example", "dora@apex.example",
                "ed@closed.example", "carl@zephyr.example", "anna@zephyr.example");
        assertThat(emails("", "", "", "sector", true)).first().isEqualTo("ed@closed.example");
        assertThat(emails("", "", "", "posts", true)).startsWith("bea@apex.example", "carl@zephyr.example").hasSize(5);
        assertThat(emails("", "", "", "last", true)).startsWith("carl@zephyr.example", "bea@apex.example").hasSize(5);
        assertThat(emails("", "", "", "status", true)).startsWith("dora@apex.example").hasSize(5);
    }

    @Test
    void searchAndFiltersFindThePeopleTheyName() {
        assertThat(emails("zephyr", "", "", "", false)).as("by organisation and address")
                .containsExactly("anna@zephyr.example", "carl@zephyr.example");
        assertThat(emails("Lam", "", "", "", false)).as("by name").containsExactly("bea@apex.example");
        assertThat(emails("100%_", "", "", "", false)).as("% and _ are letters here").containsExactly("ed@closed.example");
        assertThat(emails("", "healthcare", "", "", false)).containsExactly("bea@apex.example", "dora@apex.example");
        assertThat(emails("", "", "active", "", false)).containsExactly("anna@zephyr.example", "bea@apex.example",
                "carl@zephyr.example");
        assertThat(emails("", "", "suspended", "", false)).as("suspended themselves or by their organisation")
                .containsExactly("dora@apex.example", "ed@closed.example");
        assertThat(emails("", "", "unknown", "", false)).isEmpty();
        assertThat(emails("apex", "healthcare", "active", "", false)).containsExactly("bea@apex.example");
        assertThat(emails("nobody", "", "", "", false)).isEmpty();
    }

    @Test
    void pagesCutTheOrderAndCarryTheTotal() {
        Page<Representative> second = members.representatives("", "", "", "", false, 2, 2);
        assertThat(second.rows()).extracting(Representative::email).containsExactly("carl@zephyr.example", "dora@apex.example");
        assertThat(second.total()).isEqualTo(5);
        Page<Representative> filtered = members.representatives("", "", "suspended", "", false, 1, 1);
        assertThat(filtered.rows()).extracting(Representative::email).containsExactly("dora@apex.example");
        assertThat(filtered.total()).isEqualTo(2);
        assertThat(members.representatives("", "", "", "", false, 9, 2).rows()).isEmpty();
        Representative bea = members.representatives("Lam", "", "", "", false, 1, 5).rows().get(0);
        assertThat(bea.organisationName()).isEqualTo("Apex Hospital");
        assertThat(bea.sector()).isEqualTo("healthcare");
        assertThat(bea.active()).isTrue();
    }
}

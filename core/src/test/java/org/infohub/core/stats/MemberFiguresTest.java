package org.infohub.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Status;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures the console counts in the database instead of reading every member (issue 29: the
 * lists page read three address lists of 50,000 per list, the dashboard the representatives eight
 * times): each equals what the member lists themselves say.
 */
class MemberFiguresTest {
    private static HubDatabase db;
    private static MembershipRepository members;
    private static MembershipAdmin admin;

    @BeforeAll
    static void membership() {
        db = TestDatabase.fresh("member_figures_test");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        members = new MembershipRepository(db.jdbc());
        admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), clock), clock);
        admin.createOrganisation("test", "First Bank", "finance", List.of("firstbank.example"));
        admin.createOrganisation("test", "Second Bank", "finance", List.of("second.example"));
        admin.createOrganisation("test", "Closed Bank", "finance", List.of("closed.example"));
        admin.createOrganisation("test", "City Hospital", "healthcare", List.of("hospital.example"));
        admin.addRepresentative("test", "alice@firstbank.example", "Alice Chan", "First Bank");
        admin.addRepresentative("test", "amy@firstbank.example", "Amy Ho", "First Bank");
        admin.addRepresentative("test", "bob@second.example", "Bob Lee", "Second Bank");
        admin.addRepresentative("test", "ben@second.example", "Ben Ma", "Second Bank");
        admin.addRepresentative("test", "cat@closed.example", "Cat Lo", "Closed Bank");
        admin.addRepresentative("test", "carol@hospital.example", "Carol Diaz", "City Hospital");
        admin.setSubscription("test", "amy@firstbank.example", "finance", DeliveryMode.DIGEST);
        admin.setSubscription("test", "bob@second.example", "finance", DeliveryMode.OFF);
        admin.setSubscription("test", "carol@hospital.example", "all", DeliveryMode.DIGEST);
        admin.setRepresentativeStatus("test", "ben@second.example", Status.SUSPENDED);
        admin.addRepresentative("test", "dan@firstbank.example", "Dan Wu", "First Bank");
        admin.setSubscription("test", "dan@firstbank.example", "finance", DeliveryMode.DIGEST);
        admin.setSubscription("test", "alice@firstbank.example", "all", DeliveryMode.IMMEDIATE);
        db.jdbc().execute("UPDATE representative SET delivery_disabled_at = NOW(3) WHERE email = ?", "dan@firstbank.example");
        admin.setOrganisationStatus("test", "Closed Bank", Status.SUSPENDED);
        admin.createGroupList("test", "banking", "Banking", HubList.PostingPolicy.MEMBERS, "",
                List.of("First Bank", "Closed Bank"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void aListsCountsByModeAreItsMembersCounted() {
        for (String name : List.of("finance", "healthcare", "all", "banking")) {
            HubList list = members.findList(name).orElseThrow();
            Map<DeliveryMode, Integer> counts = members.memberCounts(list);
            for (DeliveryMode mode : DeliveryMode.values()) {
                assertThat(counts.get(mode)).as(name + " " + mode).isEqualTo(members.memberEmails(list, mode).size());
            }
        }
        HubList finance = members.findList("finance").orElseThrow();
        assertThat(members.memberCounts(finance)).containsEntry(DeliveryMode.IMMEDIATE, 1)
                .containsEntry(DeliveryMode.DIGEST, 1).containsEntry(DeliveryMode.OFF, 1);
        assertThat(members.memberCounts(members.findList("all").orElseThrow())).containsEntry(DeliveryMode.IMMEDIATE, 3)
                .containsEntry(DeliveryMode.DIGEST, 1).containsEntry(DeliveryMode.OFF, 0);
        assertThat(members.memberCounts(members.findList("banking").orElseThrow())).containsEntry(DeliveryMode.IMMEDIATE, 2)
                .containsEntry(DeliveryMode.DIGEST, 0);
    }

    @Test
    void everyListCountedAtOnceHasTheCountsItHasAlone() {
        List<HubList> lists = members.lists();
        Map<Long, Map<DeliveryMode, Integer>> together = members.memberCounts(lists);

        assertThat(together).hasSize(lists.size());
        for (HubList list : lists) {
            assertThat(together.get(list.id())).as(list.localPart()).isEqualTo(members.memberCounts(list));
        }
        assertThat(together.get(members.findList("finance").orElseThrow().id())).containsEntry(DeliveryMode.IMMEDIATE, 1)
                .containsEntry(DeliveryMode.DIGEST, 1).containsEntry(DeliveryMode.OFF, 1);
        assertThat(together.get(members.findList("all").orElseThrow().id())).containsEntry(DeliveryMode.IMMEDIATE, 3)
                .containsEntry(DeliveryMode.DIGEST, 1);
    }

    @Test
    void membersBySectorCountEveryOrganisationAndRepresentativeAndTheActiveOnes() {
        List<HubStats.SectorMembers> rows = new HubStats(db.jdbc()).membersBySector();

        assertThat(rows).contains(new HubStats.SectorMembers("finance", 3, 2, 6, 4),
                new HubStats.SectorMembers("healthcare", 1, 1, 1, 1));
        assertThat(rows).as("every sector, none left out for having no members")
                .anySatisfy(r -> assertThat(r.organisations()).isZero());
    }
}

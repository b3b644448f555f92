package org.infohub.core.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MembershipAdminTest {
    private static HubDatabase db;
    private MembershipRepository members;
    private MembershipAdmin admin;
    private AuditLog audit;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.fresh("admin_test");
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void clean() {
        db.jdbc().execute("DELETE FROM subscription");
        db.jdbc().execute("DELETE FROM hub_list WHERE kind = 'GROUP'");
        db.jdbc().execute("DELETE FROM representative");
        db.jdbc().execute("DELETE FROM organisation");
        db.jdbc().execute("DELETE FROM audit_log");
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        members = new MembershipRepository(db.jdbc());
        audit = new AuditLog(db.jdbc(), clock);
        admin = new MembershipAdmin(members, audit, clock);
        admin.createOrganisation("test", "First Bank", "finance", List.of("firstbank.example"));
        admin.createOrganisation("test", "Second Bank", "finance", List.of());
        admin.createOrganisation("test", "City Hospital", "healthcare", List.of());
        admin.addRepresentative("test", "alice@firstbank.example", "Alice Chan", "First Bank");
        admin.addRepresentative("test", "bob@second.example", "Bob Lee", "Second Bank");
        admin.addRepresentative("test", "carol@hospital.example", "Carol Diaz", "City Hospital");
    }

    @Test
    void addressesShouldMatchOnlyThemselvesAfterTheDocumentedNormalisation() {
        admin.addRepresentative("test", "Dora@B\u00fccher.Example", "Dora Wu", "Second Bank");

        assertThat(MembershipRepository.normalise("  Bob@SecondB\u00e4nk.Example ")).isEqualTo("bob@xn--secondbnk-12a.example");
        assertThat(members.findRepresentative("BOB@second.example")).isPresent();
        assertThat(members.findRepresentative("b\u00f6b@second.example")).as("an accent is another address").isEmpty();
        assertThat(members.findRepresentative("bob@s\u00e9cond.example")).isEmpty();
        assertThat(members.findRepresentative("dora@b\u00fccher.example").orElseThrow().email())
                .isEqualTo("dora@xn--bcher-kva.example");
        assertThat(members.findRepresentative("dora@bucher.example")).isEmpty();
    }

    @Test
    void suspendingAnOrganisationStopsDeliveryToAllItsRepresentativesAtOnce() {
        HubList finance = members.findList("finance").orElseThrow();

        admin.setOrganisationStatus("admin:ann", "First Bank", Status.SUSPENDED);

        assertThat(members.activeMemberEmails(finance)).containsExactly("bob@second.example");
        assertThat(members.findRepresentative("alice@firstbank.example").orElseThrow().active()).isFalse();
    }

    @Test
    void everyChangeIsInTheAuditLogWithBeforeAndAfter() {
        admin.setOrganisationStatus("admin:ann", "First Bank", Status.SUSPENDED);

        AuditLog.Entry entry = audit.page("suspend", "at", true, 1, 10).rows().get(0);
        assertThat(entry.actor()).isEqualTo("admin:ann");
        assertThat(entry.action()).isEqualTo("organisation.suspend");
        assertThat(entry.key()).isEqualTo("First Bank");
        assertThat(entry.before()).as("only what changed").isEqualTo("status=active");
        assertThat(entry.after()).isEqualTo("status=suspended");
        assertThat(entry.at()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    }

    @Test
    void aGroupListReachesOnlyItsOrganisationsAndTakesPostsOnlyFromThem() {
        HubList banking = admin.createGroupList("test", "banking", "Banks' association", HubList.PostingPolicy.MEMBERS, "",
                List.of("First Bank"));
        Representative alice = members.findRepresentative("alice@firstbank.example").orElseThrow();
        Representative bob = members.findRepresentative("bob@second.example").orElseThrow();

        assertThat(members.activeMemberEmails(banking)).containsExactly("alice@firstbank.example");
        assertThat(members.mayPost(banking, alice)).isTrue();
        assertThat(members.mayPost(banking, bob)).isFalse();

        admin.addListOrganisation("test", "banking", "Second Bank");
        assertThat(members.activeMemberEmails(banking)).containsExactly("alice@firstbank.example", "bob@second.example");
    }

    @Test
    void aDigestOrOffSubscriptionTakesTheRepresentativeOffImmediateDelivery() {
        HubList finance = members.findList("finance").orElseThrow();

        admin.setSubscription("test", "alice@firstbank.example", "finance", DeliveryMode.DIGEST);
        admin.setSubscription("test", "bob@second.example", "finance", DeliveryMode.OFF);

        assertThat(members.activeMemberEmails(finance)).isEmpty();
        assertThat(members.memberEmails(finance, DeliveryMode.DIGEST)).containsExactly("alice@firstbank.example");
    }

    @Test
    void aSubscriptionToAListTheOrganisationIsNotInIsRefused() {
        assertThatThrownBy(() -> admin.setSubscription("test", "carol@hospital.example", "finance", DeliveryMode.DIGEST))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("City Hospital does not belong to finance@");
    }

    @Test
    void badInputIsRefusedWithEveryFieldNamed() {
        ValidationException e = org.junit.jupiter.api.Assertions.assertThrows(ValidationException.class,
                () -> admin.createOrganisation("test", " ", "banking", List.of("not a domain")));

        assertThat(e.fieldErrors()).containsKeys("name", "sector", "domains");
        assertThat(e.fieldErrors().get("sector")).contains("unknown sector 'banking'");
        assertThat(members.countOrganisations()).isEqualTo(3);
    }

    @Test
    void aDomainBelongsToOneOrganisationOnly() {
        assertThatThrownBy(() -> admin.createOrganisation("test", "Copycat", "finance", List.of("FirstBank.example")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("firstbank.example already belongs to First Bank");
    }
}

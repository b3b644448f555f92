package org.infohub.admin.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Status;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An organisation's history on its console page: its own entries and its representatives', newest first, no one else's. */
class OrganisationProfileTest {
    private static HubDatabase db;
    private static MembershipRepository members;
    private static MembershipAdmin admin;

    @BeforeAll
    static void database() {
        db = TestDatabase.fresh("organisation_profile_test");
        members = new MembershipRepository(db.jdbc());
        admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void theHistoryHoldsTheOrganisationsEntriesAndItsRepresentativesNewestFirstAndNoOneElses() {
        admin.createOrganisation("test", "Harbour Bank", "finance", List.of("harbour.example"));
        admin.createOrganisation("test", "Other Bank", "finance", List.of("other.example"));
        admin.addRepresentative("test", "hana@harbour.example", "Hana", "Harbour Bank");
        admin.addRepresentative("test", "olga@other.example", "Olga", "Other Bank");
        admin.setRepresentativeStatus("test", "hana@harbour.example", Status.SUSPENDED);
        admin.setOrganisationStatus("test", "Harbour Bank", Status.SUSPENDED, "fee unpaid");
        for (int i = 0; i < 60; i++) {
            admin.setRepresentativeStatus("test", "olga@other.example", i % 2 == 0 ? Status.SUSPENDED : Status.ACTIVE);
        }

        OrganisationProfile p = OrganisationProfile.of(db.jdbc(), members, members.findOrganisation("Harbour Bank").orElseThrow());

        assertThat(p.history()).extracting(e -> e.entity() + " " + e.key() + " " + e.action()).containsExactly(
                "organisation Harbour Bank organisation.suspend",
                "representative hana@harbour.example representative.suspend",
                "representative hana@harbour.example representative.create",
                "organisation Harbour Bank organisation.create");
    }
}

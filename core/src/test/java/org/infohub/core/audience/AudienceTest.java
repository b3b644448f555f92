package org.infohub.core.audience;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.archive.Submission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.member.Status;
import org.infohub.core.share.SharedPosts;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The audience of a post, recorded once, asked the same way by every path: list copies
 * ({@link Audience#copies}), digests ({@link Audience#digestItems}), the organisations' TAXII and MISP
 * feeds ({@link SharedPosts}) and watchlist notices ({@link Audience#organisations},
 * {@link Audience#representatives}), for every label and every change of membership after the post.
 */
class AudienceTest {
    private static HubDatabase db;
    private MembershipRepository members;
    private MembershipAdmin admin;
    private ArchiveRepository archive;
    private Audience audience;
    private SharedPosts shared;
    private HubList finance;

    @BeforeAll
    static void startDatabase() {
        db = TestDatabase.fresh("audience_test");
    }

    @AfterAll
    static void closeDatabase() {
        db.close();
    }

    @BeforeEach
    void membership() {
        for (String t : List.of("post_reach", "indicator", "submission", "subscription", "representative", "organisation_domain",
                "organisation", "audit_log")) {
            db.jdbc().execute("DELETE FROM " + t);
        }
        Clock clock = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        members = new MembershipRepository(db.jdbc());
        admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), clock), clock);
        archive = new ArchiveRepository(db.jdbc());
        audience = new Audience(members);
        shared = new SharedPosts(db.jdbc(), archive, members);
        finance = members.findList("finance").orElseThrow();
        admin.createOrganisation("test", "First Bank", "finance", List.of("firstbank.example"));
        admin.createOrganisation("test", "Second Bank", "finance", List.of("second.example"));
        admin.createOrganisation("test", "Third Bank", "finance", List.of("third.example"));
        admin.createOrganisation("test", "City Hospital", "healthcare", List.of("hospital.example"));
        admin.addRepresentative("test", "alice@firstbank.example", "Alice Chan", "First Bank");
        admin.addRepresentative("test", "bob@second.example", "Bob Lee", "Second Bank");
        admin.addRepresentative("test", "dan@third.example", "Dan Wong", "Third Bank");
        admin.addRepresentative("test", "carol@hospital.example", "Carol Diaz", "City Hospital");
        admin.setSubscription("test", "dan@third.example", "finance", DeliveryMode.DIGEST);
    }

    /** Alice posts to finance: archived, audience decided as the mail path does, distributed. */
    private long share(Tlp tlp) {
        Representative alice = members.findRepresentative("alice@firstbank.example").orElseThrow();
        String id = "<" + UUID.randomUUID() + "@firstbank.example>";
        long seq = archive.archive(new NewSubmission(id, finance, alice.email(), Optional.of(alice), tlp.label() + " scan",
                "Scanning from 203.0.113.7.", tlp, true, Instant.now(), Optional.empty(),
                ("Subject: x\r\n\r\nx").getBytes(StandardCharsets.US_ASCII))).submission().seq();
        audience.decide(seq, finance, List.of(alice.email()), Optional.of(alice.id()), Optional.of(alice.organisationId()));
        archive.markDistributed(seq, Instant.now());
        return seq;
    }

    private long org(String name) {
        return members.findOrganisation(name).orElseThrow().id();
    }

    private long rep(String email) {
        return members.findRepresentative(email).orElseThrow().id();
    }

    private List<Long> feed(String organisation) {
        return shared.page(org(organisation), finance, Instant.EPOCH, 0, 100).posts().stream().map(Submission::seq).toList();
    }

    private List<Long> digest(String email) {
        return audience.digestItems(rep(email), 0, Long.MAX_VALUE).stream().map(r -> (Long) r[0]).toList();
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void theAudienceShouldBeDecidedOnceAndReadTheSameWayByEveryPath(Tlp tlp) {
        long seq = share(tlp);

        assertThat(audience.copies(seq, finance.id())).containsExactly("bob@second.example");
        assertThat(digest("dan@third.example")).containsExactly(seq);
        assertThat(audience.organisations(seq, finance.id())).containsExactlyInAnyOrder(org("First Bank"), org("Second Bank"),
                org("Third Bank"));
        assertThat(audience.representatives(seq, finance.id(), org("Second Bank"))).containsExactly("bob@second.example");
        assertThat(feed("Second Bank")).isEqualTo(tlp == Tlp.RED ? List.of() : List.of(seq));
        assertThat(feed("Third Bank")).isEqualTo(tlp == Tlp.RED ? List.of() : List.of(seq));
        assertThat(feed("City Hospital")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void aRepresentativeWhoMovesShouldTakeNothingOfThePastAlong(Tlp tlp) {
        long seq = share(tlp);

        admin.updateRepresentative("test", "bob@second.example", "Bob Lee", "City Hospital");
        admin.updateRepresentative("test", "dan@third.example", "Dan Wong", "City Hospital");

        assertThat(feed("City Hospital")).as("the new organisation's feed").isEmpty();
        assertThat(feed("Second Bank")).as("the old one keeps what it saw").isEqualTo(tlp == Tlp.RED ? List.of() : List.of(seq));
        assertThat(digest("dan@third.example")).as("a digest place of the former organisation").isEmpty();
        assertThat(audience.representatives(seq, finance.id(), org("Second Bank"))).isEmpty();
        assertThat(audience.representatives(seq, finance.id(), org("City Hospital"))).isEmpty();
        assertThat(audience.organisationMaySee(org("City Hospital"), seq)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void aSuspendedOrganisationShouldGetNothingSharedMeanwhileEvenOnceReactivated(Tlp tlp) {
        admin.setOrganisationStatus("test", "Third Bank", Status.SUSPENDED, "audit");
        long seq = share(tlp);
        admin.setOrganisationStatus("test", "Third Bank", Status.ACTIVE, "audit done");

        assertThat(digest("dan@third.example")).isEmpty();
        assertThat(feed("Third Bank")).isEmpty();
        assertThat(audience.organisations(seq, finance.id())).doesNotContain(org("Third Bank"));
    }

    @ParameterizedTest
    @EnumSource(Tlp.class)
    void aMemberAddedAfterThePostShouldNotBeInItsAudience(Tlp tlp) {
        long seq = share(tlp);

        admin.addRepresentative("test", "eve@hospital.example", "Eve Ho", "City Hospital");
        admin.addRepresentative("test", "frank@second.example", "Frank Yu", "Second Bank");

        assertThat(audience.representativeMaySee(rep("eve@hospital.example"), seq)).isFalse();
        assertThat(audience.representativeMaySee(rep("frank@second.example"), seq)).isFalse();
        assertThat(audience.decide(seq, finance, List.of(), Optional.empty(), Optional.empty()).copies())
                .as("decided again after a crash").containsExactly("bob@second.example");
        assertThat(feed("City Hospital")).isEmpty();
    }

    @Test
    void anOptOutAfterThePostShouldNotChangeItsRecord() {
        long seq = share(Tlp.AMBER);

        admin.setSubscription("test", "bob@second.example", "finance", DeliveryMode.OFF);

        assertThat(audience.decide(seq, finance, List.of(), Optional.empty(), Optional.empty()).decidedBefore()).isTrue();
        assertThat(audience.copies(seq, finance.id())).containsExactly("bob@second.example");
        assertThat(audience.wasSentTo(seq, "finance", "bob@second.example")).isTrue();
        assertThat(audience.wasSentTo(seq, "finance", "carol@hospital.example")).isFalse();
    }

    @Test
    void theAuthorsOrganisationShouldSeeItsOwnPostInItsFeed() {
        long seq = share(Tlp.AMBER_STRICT);

        assertThat(feed("First Bank")).containsExactly(seq);
        assertThat(audience.copies(seq, finance.id())).doesNotContain("alice@firstbank.example");
    }

    @Test
    void theReadersOfOneOrganisationShouldBeRecordedInOneRowAndEachStillAnsweredFor() {
        admin.addRepresentative("test", "bea@second.example", "Bea Lam", "Second Bank");
        admin.addRepresentative("test", "ben@second.example", "Ben Ng", "Second Bank");
        admin.setSubscription("test", "ben@second.example", "finance", DeliveryMode.DIGEST);
        long seq = share(Tlp.AMBER);

        // Second Bank: bea and bob by copy, ben by digest; Third Bank: dan by digest; First Bank: the author.
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM post_reach WHERE seq = ?", seq)).isEqualTo(4);
        assertThat(audience.copies(seq, finance.id())).containsExactly("bea@second.example", "bob@second.example");
        assertThat(audience.wasSentTo(seq, "finance", "bea@second.example")).isTrue();
        assertThat(audience.wasSentTo(seq, "finance", "ben@second.example")).isFalse();
        assertThat(digest("ben@second.example")).containsExactly(seq);
        assertThat(digest("bea@second.example")).isEmpty();
        assertThat(audience.representatives(seq, finance.id(), org("Second Bank")))
                .containsExactly("bea@second.example", "ben@second.example", "bob@second.example");
        assertThat(audience.decide(seq, finance, List.of(), Optional.empty(), Optional.empty()).digestReaders()).isEqualTo(2);
    }
}

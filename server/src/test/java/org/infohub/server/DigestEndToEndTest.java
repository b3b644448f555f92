package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.mail.BodyPart;
import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.digest.Digests;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Digests through the real server: representatives in digest mode get no immediate copies and one
 * digest whose parts are exactly the expected posts (a cross-posted one once); the digest's subject
 * carries the most restrictive TLP; a plain-text digest parses by its RFC 1153 separators; a digest
 * built but not handed over before a restart is delivered once afterwards.
 */
class DigestEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static MembershipAdmin admin;
    private static MembershipRepository members;
    private static HubConfig config;

    @BeforeAll
    static void startHub() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("digest_e2e");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        members = new MembershipRepository(db.jdbc());
        admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        server = new HubServer(config).start();
    }

    @AfterAll
    static void stopHub() {
        if (server != null) {
            server.stop();
        }
        if (db != null) {
            db.close();
        }
        if (smarthost != null) {
            smarthost.stop();
        }
    }

    private static String id() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    private static void post(String from, List<String> lists, String messageId, String subject) throws Exception {
        byte[] message = ("From: " + from + "\r\nTo: " + String.join(", ", lists) + "\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\n\r\nText of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
        SmtpClient.Result result = SmtpClient.send(server.config().smtpPort(), from, lists, message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
    }

    private static boolean distributed(String messageId, int lists) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL",
                messageId) == lists;
    }

    private static List<MimeMessage> digestsFor(String email) {
        return MailFixture.inbox(smarthost, email).stream()
                .filter(m -> MailFixture.header(m, "List-Id") != null && MailFixture.header(m, "List-Id").contains("digest.")).toList();
    }

    /** The Message-IDs of the posts inside a MIME digest, in order. */
    private static List<String> postsIn(MimeMessage digest) throws Exception {
        Multipart mixed = (Multipart) digest.getContent();
        assertThat(digest.getContentType()).startsWith("multipart/mixed");
        assertThat(mixed.getBodyPart(0).getContentType()).startsWith("text/plain");
        Multipart inner = (Multipart) mixed.getBodyPart(1).getContent();
        assertThat(mixed.getBodyPart(1).getContentType()).startsWith("multipart/digest");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < inner.getCount(); i++) {
            BodyPart part = inner.getBodyPart(i);
            assertThat(part.getContentType()).startsWith("message/rfc822");
            ids.add(((MimeMessage) part.getContent()).getMessageID());
        }
        return ids;
    }

    @Test
    void digestReadersGetOneDigestWithEachPostOnceAndImmediateReadersTheCopies() throws Exception {
        admin.createOrganisation("test", "Digest Bank", "finance", List.of());
        admin.createOrganisation("test", "Poster Bank", "finance", List.of());
        admin.addRepresentative("test", "amy@digest-bank.example", "Amy", "Digest Bank");
        admin.addRepresentative("test", "bea@digest-bank.example", "Bea", "Digest Bank");
        admin.addRepresentative("test", "cal@poster-bank.example", "Cal", "Poster Bank");
        admin.createGroupList("test", "payments", "Payments group", HubList.PostingPolicy.MEMBERS, "",
                List.of("Digest Bank", "Poster Bank"));
        admin.setSubscription("test", "amy@digest-bank.example", "finance", DeliveryMode.DIGEST);
        admin.setSubscription("test", "amy@digest-bank.example", "payments", DeliveryMode.DIGEST);
        String green = id();
        String crossPosted = id();
        String clear = id();

        post("cal@poster-bank.example", List.of("finance@hub.localhost"), green, "TLP:GREEN card skimmers");
        await().atMost(DELIVERY).until(() -> distributed(green, 1));
        post("cal@poster-bank.example", List.of("finance@hub.localhost", "payments@hub.localhost"), crossPosted,
                "TLP:AMBER mule accounts");
        await().atMost(DELIVERY).until(() -> distributed(crossPosted, 2));
        post("cal@poster-bank.example", List.of("payments@hub.localhost"), clear, "TLP:CLEAR fraud report published");
        await().atMost(DELIVERY).until(() -> distributed(clear, 1));
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, clear).containsKey("bea@digest-bank.example"));

        assertThat(server.sendDigestsNow()).isGreaterThanOrEqualTo(1);

        MimeMessage digest = await().atMost(DELIVERY).until(() -> digestsFor("amy@digest-bank.example"), d -> d.size() == 1).get(0);
        assertThat(postsIn(digest)).containsExactlyInAnyOrder(green, crossPosted, clear);
        assertThat(digest.getSubject()).contains("TLP:AMBER").contains("3 posts");
        assertThat(MailFixture.header(digest, "Precedence")).isEqualTo("list");
        assertThat(MailFixture.copiesOf(smarthost, green)).doesNotContainKey("amy@digest-bank.example")
                .containsKey("bea@digest-bank.example");
        assertThat(digestsFor("bea@digest-bank.example")).isEmpty();

        server.sendDigestsNow();
        // A second digest would be built and handed over like the first, within seconds.
        await("nothing new: no second digest").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> digestsFor("amy@digest-bank.example").size() == 1);
    }

    @Test
    void aRepresentativeWhoJoinsGetsOnlyPostsArchivedAfterJoining() throws Exception {
        admin.createOrganisation("test", "Old Uni", "education", List.of());
        admin.createOrganisation("test", "New Uni", "education", List.of());
        admin.addRepresentative("test", "olga@old-uni.example", "Olga", "Old Uni");
        String before = id();
        post("olga@old-uni.example", List.of("education@hub.localhost"), before, "TLP:GREEN before joining");
        await().atMost(DELIVERY).until(() -> distributed(before, 1));

        admin.addRepresentative("test", "nils@new-uni.example", "Nils", "New Uni");
        admin.setSubscription("test", "nils@new-uni.example", "education", DeliveryMode.DIGEST);
        String after = id();
        post("olga@old-uni.example", List.of("education@hub.localhost"), after, "TLP:GREEN after joining");
        await().atMost(DELIVERY).until(() -> distributed(after, 1));
        server.sendDigestsNow();

        MimeMessage digest = await().atMost(DELIVERY).until(() -> digestsFor("nils@new-uni.example"), d -> d.size() == 1).get(0);
        assertThat(postsIn(digest)).containsExactly(after);
    }

    @Test
    void aPlainTextDigestParsesByItsSeparators() throws Exception {
        admin.createOrganisation("test", "Plain Utility", "utilities", List.of());
        admin.createOrganisation("test", "Other Utility", "utilities", List.of());
        admin.addRepresentative("test", "pat@plain-utility.example", "Pat", "Plain Utility");
        admin.addRepresentative("test", "ola@other-utility.example", "Ola", "Other Utility");
        admin.setSubscription("test", "pat@plain-utility.example", "utilities", DeliveryMode.DIGEST);
        new Digests(members, new ArchiveRepository(db.jdbc()), "hub.localhost", Clock.systemUTC())
                .setFormat(members.findRepresentative("pat@plain-utility.example").orElseThrow(), true);
        String one = id();
        String two = id();
        post("ola@other-utility.example", List.of("utilities@hub.localhost"), one, "TLP:GREEN grid alert");
        post("ola@other-utility.example", List.of("utilities@hub.localhost"), two, "[ADVISORY] TLP:GREEN water alert");
        await().atMost(DELIVERY).until(() -> distributed(one, 1) && distributed(two, 1));

        server.sendDigestsNow();

        MimeMessage digest = await().atMost(DELIVERY).until(() -> digestsFor("pat@plain-utility.example"), d -> d.size() == 1).get(0);
        String text = MailFixture.text(digest);
        String[] parts = text.split("\r?\n-{70}\r?\n", 2);
        assertThat(parts).hasSize(2);
        String[] messages = parts[1].split("\r?\n-{30}\r?\n");
        assertThat(messages).hasSize(3); // two posts, then the trailer
        // In sections by kind: the advisory (posted second) before the discussion.
        assertThat(parts[0]).containsSubsequence("Advisory (1)", "water", "Discussion (1)", "grid alert");
        assertThat(messages[0]).contains("Message-ID: " + two).contains("Kind: advisory");
        assertThat(messages[1]).contains("Message-ID: " + one).contains("Kind: discussion").contains("Text of TLP:GREEN grid alert");
        assertThat(messages[2]).contains("End of Infohub digest");
    }

    @Test
    void aDigestBuiltButNotHandedOverBeforeARestartIsDeliveredOnce() throws Exception {
        admin.createOrganisation("test", "Restart Rail", "transport", List.of());
        admin.createOrganisation("test", "Poster Rail", "transport", List.of());
        admin.addRepresentative("test", "rue@restart-rail.example", "Rue", "Restart Rail");
        admin.addRepresentative("test", "pia@poster-rail.example", "Pia", "Poster Rail");
        admin.setSubscription("test", "rue@restart-rail.example", "transport", DeliveryMode.DIGEST);
        String post = id();
        post("pia@poster-rail.example", List.of("transport@hub.localhost"), post, "TLP:GREEN signal fault");
        await().atMost(DELIVERY).until(() -> distributed(post, 1));
        // Built into the outbox by another process (digest send-now) while the hand-over has not happened.
        server.stop();
        Digests digests = new Digests(members, new ArchiveRepository(db.jdbc()), "hub.localhost", Clock.systemUTC());
        assertThat(digests.buildAll(1)).isEqualTo(1);
        long outbox = db.jdbc().queryLong("SELECT MAX(id) FROM digest_outbox");

        server = new HubServer(config).start();

        await().atMost(DELIVERY).until(() -> digestsFor("rue@restart-rail.example").size() == 1);
        server.handOverDigestAgain(outbox);
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT handover_attempts FROM digest_outbox WHERE id = ?", outbox) == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> digestsFor("rue@restart-rail.example").size() == 1);
        assertThat(postsIn(digestsFor("rue@restart-rail.example").get(0))).as("the second copy was dropped")
                .containsExactly(post);
    }

    @Test
    void aDigestHoldsExactlyThePostsItsReaderWasEntitledToWhenEachWasShared() throws Exception {
        admin.createOrganisation("test", "Late Bank", "finance", List.of());
        admin.createOrganisation("test", "Desk Bank", "finance", List.of());
        admin.addRepresentative("test", "lee@late-bank.example", "Lee", "Late Bank");
        admin.addRepresentative("test", "dee@desk-bank.example", "Dee", "Desk Bank");
        admin.addRepresentative("test", "dot@desk-bank.example", "Dot", "Desk Bank");
        admin.createGroupList("test", "treasury", "Treasury group", HubList.PostingPolicy.MEMBERS, "", List.of("Desk Bank"));
        String beforeJoining = id();
        post("dee@desk-bank.example", List.of("treasury@hub.localhost"), beforeJoining, "TLP:AMBER before Late Bank joined");
        await().atMost(DELIVERY).until(() -> distributed(beforeJoining, 1));

        admin.addListOrganisation("test", "treasury", "Late Bank");
        admin.setSubscription("test", "lee@late-bank.example", "treasury", DeliveryMode.DIGEST);
        admin.setOrganisationStatus("test", "Late Bank", org.infohub.core.member.Status.SUSPENDED);
        String whileSuspended = id();
        post("dee@desk-bank.example", List.of("treasury@hub.localhost"), whileSuspended, "TLP:AMBER while suspended");
        await().atMost(DELIVERY).until(() -> distributed(whileSuspended, 1));

        admin.setOrganisationStatus("test", "Late Bank", org.infohub.core.member.Status.ACTIVE);
        String afterReactivation = id();
        post("dee@desk-bank.example", List.of("treasury@hub.localhost"), afterReactivation, "TLP:AMBER after re-activation");
        await().atMost(DELIVERY).until(() -> distributed(afterReactivation, 1));
        String beforeLeaving = id();
        post("dee@desk-bank.example", List.of("treasury@hub.localhost"), beforeLeaving, "TLP:AMBER before leaving");
        await().atMost(DELIVERY).until(() -> distributed(beforeLeaving, 1));
        admin.removeListOrganisation("test", "treasury", "Late Bank");
        String afterLeaving = id();
        post("dee@desk-bank.example", List.of("treasury@hub.localhost"), afterLeaving, "TLP:AMBER after leaving");
        await().atMost(DELIVERY).until(() -> distributed(afterLeaving, 1));

        assertThat(server.sendDigestsNow()).isGreaterThanOrEqualTo(1);

        MimeMessage digest = await().atMost(DELIVERY).until(() -> digestsFor("lee@late-bank.example"), d -> d.size() == 1)
                .get(0);
        assertThat(postsIn(digest)).containsExactly(afterReactivation, beforeLeaving);
    }

    @Test
    void readersDueTheSamePostsShareOneSignedDigestAndOthersGetTheirOwn() throws Exception {
        admin.createOrganisation("test", "Share Port", "transport", List.of());
        admin.createOrganisation("test", "Other Port", "transport", List.of());
        admin.createOrganisation("test", "Post Port", "transport", List.of());
        for (String who : List.of("ada@share-port.example", "ben@other-port.example", "cy@share-port.example")) {
            admin.addRepresentative("test", who, who.substring(0, who.indexOf('@')), who.contains("share") ? "Share Port"
                    : "Other Port");
            admin.setSubscription("test", who, "transport", DeliveryMode.DIGEST);
        }
        admin.addRepresentative("test", "poe@post-port.example", "Poe", "Post Port");
        String first = id();
        post("poe@post-port.example", List.of("transport@hub.localhost"), first, "TLP:GREEN shared one");
        await().atMost(DELIVERY).until(() -> distributed(first, 1));
        // Ben takes plain-text digests: the same posts, another digest.
        new Digests(members, new ArchiveRepository(db.jdbc()), "hub.localhost", Clock.systemUTC())
                .setFormat(members.findRepresentative("ben@other-port.example").orElseThrow(), true);

        assertThat(server.sendDigestsNow()).isGreaterThanOrEqualTo(3);
        await().atMost(DELIVERY).until(() -> digestsFor("ada@share-port.example").size() == 1
                && digestsFor("cy@share-port.example").size() == 1 && digestsFor("ben@other-port.example").size() == 1);
        MimeMessage ada = digestsFor("ada@share-port.example").get(0);
        MimeMessage cy = digestsFor("cy@share-port.example").get(0);
        MimeMessage ben = digestsFor("ben@other-port.example").get(0);
        assertThat(ada.getMessageID()).as("one digest for both").isEqualTo(cy.getMessageID());
        assertThat(MailFixture.header(ada, "To")).isEqualTo("undisclosed-recipients:;");
        assertThat(MailFixture.header(ada, "DKIM-Signature")).isEqualTo(MailFixture.header(cy, "DKIM-Signature"));
        assertThat(postsIn(ada)).containsExactly(first);
        assertThat(ben.getMessageID()).isNotEqualTo(ada.getMessageID());
        assertThat(MailFixture.header(ben, "To")).isEqualTo("ben@other-port.example");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM digest_outbox WHERE message_id = ? AND recipients IS NOT NULL",
                ada.getMessageID())).isEqualTo(1);
    }

    @Test
    void aDigestIsKeptAsReferencesUntilItIsHandedOverAndAWholeOneFromAnEarlierReleaseIsSentAsItIs() throws Exception {
        admin.createOrganisation("test", "Refs Telecom", "telecom", List.of());
        admin.createOrganisation("test", "Poster Telecom", "telecom", List.of());
        admin.addRepresentative("test", "rho@refs-telecom.example", "Rho", "Refs Telecom");
        admin.addRepresentative("test", "pim@poster-telecom.example", "Pim", "Poster Telecom");
        admin.setSubscription("test", "rho@refs-telecom.example", "telecom", DeliveryMode.DIGEST);
        String post = id();
        post("pim@poster-telecom.example", List.of("telecom@hub.localhost"), post, "TLP:GREEN fibre cut");
        await().atMost(DELIVERY).until(() -> distributed(post, 1));
        long seq = db.jdbc().queryLong("SELECT seq FROM submission WHERE message_id = ?", post);

        Digests digests = new Digests(members, new ArchiveRepository(db.jdbc()), "hub.localhost", Clock.systemUTC());
        assertThat(digests.buildAll(1)).isEqualTo(1);
        long outbox = db.jdbc().queryLong("SELECT MAX(id) FROM digest_outbox WHERE recipient = 'rho@refs-telecom.example'");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM digest_outbox WHERE id = ? AND raw IS NULL AND item_refs = ?",
                outbox, seq + " telecom")).as("references, not the message").isEqualTo(1);
        server.sendDigestsNow();
        MimeMessage digest = await().atMost(DELIVERY).until(() -> digestsFor("rho@refs-telecom.example"), d -> d.size() == 1).get(0);
        assertThat(postsIn(digest)).containsExactly(post);
        assertThat(digest.getMessageID()).isEqualTo(db.jdbc().queryOne("SELECT message_id FROM digest_outbox WHERE id = ?",
                rs -> rs.getString(1), outbox).orElseThrow());

        // As an earlier release left it in the outbox: the message whole, no references.
        byte[] whole = ("From: digest@hub.localhost\r\nTo: rho@refs-telecom.example\r\nSubject: Infohub digest, built whole"
                + "\r\nMessage-ID: <digest-whole@hub.localhost>\r\nDate: Sat, 05 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0"
                + "\r\nList-Id: Infohub digest <digest.hub.localhost>\r\nX-Infohub-TLP: GREEN\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nBuilt before digests were kept as references.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        db.jdbc().execute("INSERT INTO digest_outbox (representative_id, recipient, message_id, built_at, items, first_seq, "
                + "last_seq, raw) SELECT id, email, '<digest-whole@hub.localhost>', NOW(3), 1, ?, ?, ? FROM representative "
                + "WHERE email = 'rho@refs-telecom.example'", seq, seq, whole);
        server.sendDigestsNow();
        MimeMessage earlier = await().atMost(DELIVERY).until(() -> digestsFor("rho@refs-telecom.example"), d -> d.size() == 2)
                .stream().filter(m -> "<digest-whole@hub.localhost>".equals(MailFixture.header(m, "Message-ID"))).findFirst()
                .orElseThrow();
        assertThat(MailFixture.text(earlier)).contains("Built before digests were kept as references.");
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
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
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Membership as members live it, through the real server: e-mail commands with their
 * confirmation round trip, suspension taking effect at once, group lists and their posting policy.
 * Each test works on representatives of its own, so the tests do not disturb each other.
 */
class MembershipEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static MembershipAdmin admin;
    private static MembershipRepository members;

    @BeforeAll
    static void startHub() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("membership_e2e");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        members = new MembershipRepository(db.jdbc());
        admin = new MembershipAdmin(members, new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
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

    private static SmtpClient.Result send(String from, String to, String messageId, String subject, String body)
            throws Exception {
        byte[] message = ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return SmtpClient.send(server.config().smtpPort(), from, List.of(to), message);
    }

    /** The hub's answer to the request with {@code messageId}, as it arrives in the sender's inbox. */
    private static MimeMessage answerTo(String to, String messageId) {
        return await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, to).stream()
                .filter(m -> messageId.equals(MailFixture.header(m, "In-Reply-To"))).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code command}, confirms with the token of the answer by replying to it, returns the final answer. */
    private static String commandWithConfirmation(String rep, String list, String command) throws Exception {
        String request = id();
        assertThat(send(rep, list + "-request@hub.localhost", request, command, "").accepted()).isTrue();
        MimeMessage ask = answerTo(rep, request);
        assertThat(MailFixture.header(ask, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(subject(ask)).matches("confirm [0-9a-f]{32}");
        String reply = id();
        assertThat(send(rep, list + "-request@hub.localhost", reply, "Re: " + subject(ask), "> quoted text\r\n").accepted())
                .isTrue();
        return MailFixture.text(answerTo(rep, reply));
    }

    @Test
    void subscribeDigestAndUnsubscribeByMailTakeEffectOnlyAfterConfirmation() throws Exception {
        admin.createOrganisation("test", "Rail One", "transport", List.of());
        admin.addRepresentative("test", "tom@rail-one.example", "Tom", "Rail One");
        admin.addRepresentative("test", "tina@rail-one.example", "Tina", "Rail One");
        admin.addRepresentative("test", "tia@rail-one.example", "Tia", "Rail One");
        HubList transport = members.findList("transport").orElseThrow();
        String tom = "tom@rail-one.example";

        String request = id();
        send(tom, "transport-request@hub.localhost", request, "digest on", "");
        answerTo(tom, request);
        assertThat(members.modeOf(members.findRepresentative(tom).orElseThrow(), transport))
                .as("nothing changes before the confirmation").isEqualTo(DeliveryMode.IMMEDIATE);

        assertThat(commandWithConfirmation(tom, "transport", "digest on")).contains("as part of your daily digest");
        assertThat(members.modeOf(members.findRepresentative(tom).orElseThrow(), transport)).isEqualTo(DeliveryMode.DIGEST);
        String post = id();
        send("tina@rail-one.example", "transport@hub.localhost", post, "TLP:GREEN signal fault", "details");
        // One copy carries every recipient: when tia has hers, tom would have had his.
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, post).containsKey("tia@rail-one.example"));
        assertThat(MailFixture.copiesOf(smarthost, post)).as("tom takes the list as a digest now")
                .isEqualTo(Map.of("tia@rail-one.example", 1));

        assertThat(commandWithConfirmation(tom, "transport", "unsubscribe")).contains("not at all (unsubscribed)");
        assertThat(members.modeOf(members.findRepresentative(tom).orElseThrow(), transport)).isEqualTo(DeliveryMode.OFF);

        assertThat(commandWithConfirmation(tom, "transport", "subscribe")).contains("post by post");
        String again = id();
        send("tina@rail-one.example", "transport@hub.localhost", again, "TLP:GREEN signal fixed", "details");
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, again)
                .equals(Map.of(tom, 1, "tia@rail-one.example", 1)));
    }

    private static boolean archivedDistributed(String messageId) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL",
                messageId) == 1;
    }

    @Test
    void aTokenIsGoodOnlyForTheRepresentativeItWasSentTo() throws Exception {
        admin.createOrganisation("test", "Water Co", "utilities", List.of());
        admin.addRepresentative("test", "uma@water.example", "Uma", "Water Co");
        admin.addRepresentative("test", "ugo@water.example", "Ugo", "Water Co");
        String request = id();
        send("uma@water.example", "utilities-request@hub.localhost", request, "unsubscribe", "");
        String token = subject(answerTo("uma@water.example", request)).substring("confirm ".length());

        String stolen = id();
        send("ugo@water.example", "utilities-request@hub.localhost", stolen, "confirm " + token, "");

        assertThat(MailFixture.text(answerTo("ugo@water.example", stolen))).contains("token is unknown");
        assertThat(members.modeOf(members.findRepresentative("uma@water.example").orElseThrow(),
                members.findList("utilities").orElseThrow())).isEqualTo(DeliveryMode.IMMEDIATE);
    }

    /** Whether the hub kept the mail {@code messageId} unanswered at the request addresses. */
    private static boolean keptUnanswered(String messageId) throws java.io.IOException {
        Path dir = dataDir.resolve("james/var/mail/requests-unanswered");
        if (!java.nio.file.Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.anyMatch(f -> {
                try {
                    return java.nio.file.Files.readString(f, StandardCharsets.ISO_8859_1).contains(messageId);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aStrangerGetsNoAnswerAndTheRequestIsKept() throws Exception {
        String request = id();

        assertThat(send("stranger@elsewhere.example", "finance-request@hub.localhost", request, "subscribe", "").accepted())
                .isTrue();

        await().atMost(DELIVERY).until(() -> keptUnanswered(request));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                MailFixture.inbox(smarthost, "stranger@elsewhere.example").isEmpty());
    }

    @Test
    void aCommandForgedInARepresentativesNameChangesNothingAndItsTokenGoesNowhere() throws Exception {
        admin.createOrganisation("test", "Gas Co", "utilities", List.of());
        admin.addRepresentative("test", "vic@gas.example", "Vic", "Gas Co");
        HubList utilities = members.findList("utilities").orElseThrow();
        String forged = id();
        byte[] message = ("From: vic@gas.example\r\nTo: utilities-request@hub.localhost\r\nSubject: unsubscribe\r\n"
                + "Message-ID: " + forged + "\r\n\r\nunsubscribe\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(SmtpClient.send(server.config().smtpPort(), "mallory@evil.example",
                List.of("utilities-request@hub.localhost"), message).accepted()).isTrue();

        await().atMost(DELIVERY).until(() -> keptUnanswered(forged));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() ->
                MailFixture.inbox(smarthost, "mallory@evil.example").isEmpty()
                        && MailFixture.inbox(smarthost, "vic@gas.example").isEmpty());
        assertThat(members.modeOf(members.findRepresentative("vic@gas.example").orElseThrow(), utilities))
                .isEqualTo(DeliveryMode.IMMEDIATE);
    }

    @Test
    void theConfirmationTokenGoesToTheRegisteredAddressOnly() throws Exception {
        admin.createOrganisation("test", "Power Co", "utilities", List.of());
        admin.addRepresentative("test", "Wes@Power.example", "Wes", "Power Co");
        String request = id();

        // The representative's own address, in another case: the answer goes to the address on record.
        assertThat(send("WES@power.example", "utilities-request@hub.localhost", request, "unsubscribe", "").accepted())
                .isTrue();

        MimeMessage ask = answerTo("wes@power.example", request);
        assertThat(ask.getAllRecipients()).extracting(Object::toString).containsExactly("wes@power.example");
    }

    @Test
    void automaticMailToARequestAddressGetsNoAnswer() throws Exception {
        admin.createOrganisation("test", "Uni One", "education", List.of());
        admin.addRepresentative("test", "ed@uni-one.example", "Ed", "Uni One");
        String auto = id();
        byte[] message = ("From: ed@uni-one.example\r\nTo: education-request@hub.localhost\r\nSubject: subscribe\r\n"
                + "Auto-Submitted: auto-replied\r\nMessage-ID: " + auto + "\r\n\r\nsubscribe\r\n").getBytes(StandardCharsets.US_ASCII);
        SmtpClient.send(server.config().smtpPort(), "ed@uni-one.example", List.of("education-request@hub.localhost"), message);
        String help = id();

        send("ed@uni-one.example", "education-request@hub.localhost", help, "help", "");

        answerTo("ed@uni-one.example", help);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                MailFixture.inbox(smarthost, "ed@uni-one.example").stream()
                        .noneMatch(m -> auto.equals(MailFixture.header(m, "In-Reply-To"))));
    }

    @Test
    void suspendingAnOrganisationStopsItsPostsWithAnExplanationAndItsDeliveriesAtOnce() throws Exception {
        admin.createOrganisation("test", "Tele One", "telecom", List.of());
        admin.createOrganisation("test", "Tele Two", "telecom", List.of());
        admin.addRepresentative("test", "tara@tele-one.example", "Tara", "Tele One");
        admin.addRepresentative("test", "tim@tele-one.example", "Tim", "Tele One");
        admin.addRepresentative("test", "ted@tele-two.example", "Ted", "Tele Two");
        admin.addRepresentative("test", "tess@tele-two.example", "Tess", "Tele Two");

        admin.setOrganisationStatus("test", "Tele Two", Status.SUSPENDED);

        String fromSuspended = id();
        send("ted@tele-two.example", "telecom@hub.localhost", fromSuspended, "TLP:GREEN outage", "text");
        MimeMessage notice = answerTo("ted@tele-two.example", fromSuspended);
        assertThat(MailFixture.text(notice)).contains("or their organisation, is suspended");
        String toSuspended = id();
        send("tara@tele-one.example", "telecom@hub.localhost", toSuspended, "TLP:GREEN outage", "text");
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, toSuspended).containsKey("tim@tele-one.example"));
        assertThat(MailFixture.copiesOf(smarthost, toSuspended)).isEqualTo(Map.of("tim@tele-one.example", 1));
        assertThat(MailFixture.copiesOf(smarthost, fromSuspended)).isEmpty();

        admin.setOrganisationStatus("test", "Tele Two", Status.ACTIVE);
        String afterReactivation = id();
        send("tara@tele-one.example", "telecom@hub.localhost", afterReactivation, "TLP:GREEN restored", "text");
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, afterReactivation)
                .equals(Map.of("ted@tele-two.example", 1, "tess@tele-two.example", 1, "tim@tele-one.example", 1)));
    }

    @Test
    void aPostToAModeratedListIsHeldUntilAnAdministratorApprovesIt() throws Exception {
        admin.createOrganisation("test", "Mod One", "infosec", List.of());
        admin.createOrganisation("test", "Mod Two", "infosec", List.of());
        admin.addRepresentative("test", "mia@mod-one.example", "Mia", "Mod One");
        admin.addRepresentative("test", "max@mod-two.example", "Max", "Mod Two");
        admin.createGroupList("test", "moderated-wg", "Moderated group", HubList.PostingPolicy.MODERATED, "",
                List.of("Mod One", "Mod Two"));
        org.infohub.core.vetting.VettingOutcomes outcomes = new org.infohub.core.vetting.VettingOutcomes(db.jdbc());
        String held = id();
        String rejected = id();

        await().atMost(DELIVERY).until(() -> send("mia@mod-one.example", "moderated-wg@hub.localhost", held,
                "TLP:GREEN needs review", "text").accepted());
        send("mia@mod-one.example", "moderated-wg@hub.localhost", rejected, "TLP:GREEN not this one", "text");
        assertThat(MailFixture.text(answerTo("mia@mod-one.example", held))).contains("is moderated");
        answerTo("mia@mod-one.example", rejected);
        long heldId = db.jdbc().queryLong("SELECT id FROM vetting_outcome WHERE message_id = ? AND outcome = 'held'", held);
        long rejectedId = db.jdbc().queryLong("SELECT id FROM vetting_outcome WHERE message_id = ? AND outcome = 'held'", rejected);
        assertThat(MailFixture.copiesOf(smarthost, held)).isEmpty();

        outcomes.decide(heldId, true, "console:ann", java.time.Instant.now());
        outcomes.decide(rejectedId, false, "console:ann", java.time.Instant.now());

        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, held).equals(Map.of("max@mod-two.example", 1)));
        // Marked distributed by DeliverListMail once the copies are out: a moment after the smarthost has them.
        await().atMost(DELIVERY).until(() -> archivedDistributed(held));
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ?", rejected)).isZero();
        assertThat(outcomes.decide(heldId, false, "console:bob", java.time.Instant.now())).as("decided once").isEmpty();
    }

    @Test
    void aGroupListCreatedWhileTheServerRunsTakesPostsFromItsOrganisationsOnly() throws Exception {
        admin.createOrganisation("test", "Sec One", "infosec", List.of());
        admin.createOrganisation("test", "Sec Two", "infosec", List.of());
        admin.createOrganisation("test", "Lab One", "tech", List.of());
        admin.addRepresentative("test", "sam@sec-one.example", "Sam", "Sec One");
        admin.addRepresentative("test", "sia@sec-two.example", "Sia", "Sec Two");
        admin.addRepresentative("test", "leo@lab-one.example", "Leo", "Lab One");
        admin.createGroupList("test", "cti-wg", "CTI working group", HubList.PostingPolicy.MEMBERS, "",
                List.of("Sec One", "Lab One"));

        String member = id();
        await().atMost(DELIVERY).until(() -> send("sam@sec-one.example", "cti-wg@hub.localhost", member,
                "TLP:AMBER indicators", "text").accepted());
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, member).equals(Map.of("leo@lab-one.example", 1)));

        String outsider = id();
        send("sia@sec-two.example", "cti-wg@hub.localhost", outsider, "TLP:AMBER indicators", "text");
        assertThat(MailFixture.text(answerTo("sia@sec-two.example", outsider)))
                .contains("takes posts from the organisations of the cti-wg group only");
        assertThat(MailFixture.copiesOf(smarthost, outsider)).isEmpty();
    }
}

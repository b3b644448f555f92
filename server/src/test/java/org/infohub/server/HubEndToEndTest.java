package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.mail.internet.MimeMessage;

import org.infohub.admin.AdminCli;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.Submission;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The whole path of a post, with real parts: SMTP into the real James server, the hub's mailets,
 * MariaDB, Lucene, and GreenMail as the smarthost standing in for the members' mail servers.
 */
class HubEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static int smtpPort;

    @BeforeAll
    static void startHub() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("hub_e2e");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        smtpPort = config.smtpPort();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.infohub.mailet.BounceRefusal.class))
                .addAppender(decisions);
        decisions.start();
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HubServer.class)).addAppender(startLog);
        startLog.start();
        try {
            server = new HubServer(config).start();
        } finally {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(HubServer.class)).detachAppender(startLog);
        }
    }

    /** The hub's decision lines (held, refused), as an operator greps them. */
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> decisions =
            new ch.qos.logback.core.read.ListAppender<>();

    private static List<String> decisionLines(String messageId) {
        synchronized (decisions) {
            return decisions.list.stream().map(e -> e.getFormattedMessage()).filter(m -> m.contains(messageId)).toList();
        }
    }

    /** What the hub logged while it started. */
    private static final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> startLog =
            new ch.qos.logback.core.read.ListAppender<>();

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

    private static String newMessageId() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    private static byte[] plainPost(String messageId, String from, String to, String subject, String body) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static SmtpClient.Result post(String from, String to, byte[] message) throws Exception {
        return SmtpClient.send(smtpPort, from, List.of(to), message);
    }

    private static Map<String, Integer> awaitCopies(String messageId, int recipients) {
        return await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, messageId),
                m -> m.values().stream().mapToInt(Integer::intValue).sum() >= recipients);
    }

    private static Optional<Submission> archived(String messageId, String list) {
        MembershipRepository members = new MembershipRepository(db.jdbc());
        return new ArchiveRepository(db.jdbc()).find(messageId, members.findList(list).orElseThrow().id());
    }

    private static MimeMessage awaitNotice(String to, String aboutMessageId) {
        return await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, to).stream()
                .filter(m -> aboutMessageId.equals(MailFixture.header(m, "In-Reply-To"))).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    private static String search(String query) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), "search", query, "--data-dir",
                dataDir.toString());
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void financePostShouldReachEveryOtherFinanceRepresentativeOnceWithListHeaders() throws Exception {
        String id = newMessageId();

        SmtpClient.Result result = post("alice@bank-one.example", "finance@hub.localhost",
                plainPost(id, "Alice Chan <alice@bank-one.example>", "finance@hub.localhost",
                        "TLP:GREEN Credential phishing against treasury staff", "Lure domains registered overnight."));

        assertThat(result.accepted()).as(result.toString()).isTrue();
        Map<String, Integer> copies = awaitCopies(id, 2);
        assertThat(copies).isEqualTo(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1));
        MimeMessage copy = MailFixture.copy(smarthost, "carol@bank-two.example", id);
        assertThat(copy.getSubject()).isEqualTo("[finance] [ALERT] TLP:GREEN Credential phishing against treasury staff");
        assertThat(MailFixture.header(copy, "X-Infohub-Kind")).isEqualTo("alert");
        assertThat(MailFixture.header(copy, "List-Id")).isEqualTo("\"Finance and insurance\" <finance.hub.localhost>");
        assertThat(MailFixture.header(copy, "List-Post")).isEqualTo("<mailto:finance@hub.localhost>");
        assertThat(MailFixture.header(copy, "List-Unsubscribe")).matches(
                "(?s)<mailto:finance-request@hub\\.localhost\\?subject=unsubscribe>,\\s*<http://127\\.0\\.0\\.1:8026/subscriptions>");
        assertThat(MailFixture.header(copy, "List-Unsubscribe-Post")).as("no one-click: bank-two.example is no mailbox provider")
                .isNull();
        assertThat(MailFixture.header(copy, "List-Archive")).isEqualTo("<http://hub.localhost/archive/finance>");
        assertThat(MailFixture.header(copy, "Precedence")).isEqualTo("list");
        assertThat(MailFixture.text(copy)).contains("Lure domains registered overnight.")
                .contains("TLP:GREEN: share within the community, not publicly.");
        assertThat(archived(id, "finance")).get().extracting(Submission::tlp).isEqualTo(Tlp.GREEN);
    }

    @Test
    void replyShouldNotDoubleTheSubjectPrefix() throws Exception {
        String id = newMessageId();

        post("bob@bank-one.example", "finance@hub.localhost", plainPost(id, "bob@bank-one.example",
                "finance@hub.localhost", "Re: [finance] TLP:CLEAR Patch status", "We patched on Tuesday."));

        awaitCopies(id, 2);
        MimeMessage copy = MailFixture.copy(smarthost, "alice@bank-one.example", id);
        assertThat(copy.getSubject()).isEqualTo("Re: [finance] TLP:CLEAR Patch status");
    }

    @Test
    void postToAllShouldReachEveryRepresentativeButTheAuthor() throws Exception {
        String id = newMessageId();

        post("dan@hospital.example", "all@hub.localhost", plainPost(id, "dan@hospital.example", "all@hub.localhost",
                "TLP:CLEAR Ransomware group targets backups", "Offline backups saved us."));

        Map<String, Integer> copies = awaitCopies(id, Members.everyone().size() - 1);
        Map<String, Integer> expected = Members.everyone().stream().filter(e -> !e.equals("dan@hospital.example"))
                .collect(Collectors.toMap(Function.identity(), e -> 1));
        assertThat(copies).isEqualTo(expected);
        assertThat(archived(id, "all")).get().extracting(Submission::tlp).isEqualTo(Tlp.CLEAR);
    }

    @Test
    void unlabelledPostShouldBeTreatedAsAmberAndSaySoInItsFooter() throws Exception {
        String id = newMessageId();

        post("dan@hospital.example", "healthcare@hub.localhost", plainPost(id, "dan@hospital.example",
                "healthcare@hub.localhost", "Infusion pump firmware", "Vendor advisory expected Friday."));

        awaitCopies(id, 1);
        MimeMessage copy = MailFixture.copy(smarthost, "erin@clinic.example", id);
        assertThat(MailFixture.text(copy)).contains("This post carried no TLP label; Infohub treats unlabelled posts as TLP:AMBER.");
        assertThat(archived(id, "healthcare")).get().extracting(Submission::tlp).isEqualTo(Tlp.AMBER);
    }

    @Test
    void withAPlainHttpPublicZoneACopyShouldKeepItsPersonalLinkButOfferNoOneClick() throws Exception {
        // The test hub's public.url is http://: RFC 8058 3.1 wants an HTTPS URI for one-click.
        assertThat(startLog.list.stream().map(e -> e.getFormattedMessage())
                .filter(m -> m.contains("List-Unsubscribe-Post"))).as("said once at start").hasSize(1)
                .allMatch(m -> m.contains("http://127.0.0.1:8026") && m.contains("is not https"));
        db.jdbc().execute("UPDATE hub_list SET one_click = 'always' WHERE local_part = 'healthcare'");
        try {
            String id = newMessageId();
            post("dan@hospital.example", "healthcare@hub.localhost", plainPost(id, "dan@hospital.example",
                    "healthcare@hub.localhost", "TLP:GREEN Pump recall", "Recall notice attached later."));
            awaitCopies(id, 1);
            MimeMessage copy = MailFixture.copy(smarthost, "erin@clinic.example", id);
            assertThat(MailFixture.header(copy, "List-Unsubscribe")).as("a personal link and the mailto")
                    .startsWith("<http://127.0.0.1:8026/unsubscribe/").contains("<mailto:healthcare-request@hub.localhost");
            assertThat(MailFixture.header(copy, "List-Unsubscribe-Post")).isNull();
        } finally {
            db.jdbc().execute("UPDATE hub_list SET one_click = 'providers' WHERE local_part = 'healthcare'");
        }
    }

    /** Waits until the refusal of {@code messageId} is recorded (the console's refused posts). */
    private static String awaitRefusalRecorded(String messageId) {
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryOne(
                "SELECT reasons FROM vetting_outcome WHERE message_id = ?", rs -> rs.getString(1), messageId),
                Optional::isPresent).orElseThrow();
    }

    /** Nothing about {@code messageId} reaches {@code address} for a few seconds (after the outcome was recorded). */
    private static void awaitNoNotice(String address, String messageId) {
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> MailFixture.inbox(smarthost, address)
                .stream().noneMatch(m -> messageId.equals(MailFixture.header(m, "In-Reply-To"))));
    }

    @Test
    void nonMemberPostShouldBeRecordedNotAnsweredAndNotDistributed() throws Exception {
        String id = newMessageId();

        SmtpClient.Result result = post("mallory@outside.example", "finance@hub.localhost", plainPost(id,
                "mallory@outside.example", "finance@hub.localhost", "TLP:CLEAR Urgent", "Click here."));

        assertThat(result.accepted()).isTrue();
        assertThat(awaitRefusalRecorded(id)).contains("NOT_A_REPRESENTATIVE");
        // Not a representative: a notice could go to a forged address (backscatter), so none goes.
        awaitNoNotice("mallory@outside.example", id);
        assertThat(MailFixture.copiesOf(smarthost, id)).isEmpty();
        assertThat(archived(id, "finance")).isEmpty();
    }

    @Test
    void healthcarePostToFinanceShouldGetOneExplainingBounce() throws Exception {
        String id = newMessageId();

        assertThat(post("erin@clinic.example", "finance@hub.localhost", plainPost(id, "erin@clinic.example",
                "finance@hub.localhost", "TLP:GREEN Wrong list", "Meant for healthcare.")).accepted()).isTrue();

        MimeMessage notice = awaitNotice("erin@clinic.example", id);
        assertThat(MailFixture.text(notice)).contains("erin@clinic.example represents Valley Clinic in the healthcare sector")
                .contains("takes posts from the finance sector only").contains("your sector's list");
        assertThat(MailFixture.copiesOf(smarthost, id)).isEmpty();
        assertThat(archived(id, "finance")).isEmpty();
    }

    @Test
    void redPostToAListShouldGetOneExplainingBounce() throws Exception {
        String id = newMessageId();

        assertThat(post("alice@bank-one.example", "finance@hub.localhost", plainPost(id, "alice@bank-one.example",
                "finance@hub.localhost", "Incident at our branch", "TLP:RED\nDetails of the intrusion follow."))
                .accepted()).isTrue();

        MimeMessage notice = awaitNotice("alice@bank-one.example", id);
        assertThat(MailFixture.text(notice)).contains("labelled TLP:RED, which is for named recipients only");
        assertThat(MailFixture.text(notice)).doesNotContain("Details of the intrusion");
        assertThat(MailFixture.copiesOf(smarthost, id)).isEmpty();
        assertThat(archived(id, "finance")).isEmpty();
    }

    /** RED as mail programs and people write it: in quotes, with look-alike letters, in a header, in a file name. */
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "Subject: =?UTF-8?B?%s?=|TLP: \u201cRED\u201d branch incident",
        "Subject: =?UTF-8?B?%s?=|TLP:R\u0415D branch incident",
        "Subject: =?UTF-8?B?%s?=|TLP:\u00abRED\u00bb branch incident",
        "Subject: %s|TLP Level: RED branch incident",
        "Subject: %s|TLP:2.0:RED branch incident",
        "X-TLP: %s|RED",
        "Sensitivity: %s|Private",
    })
    void redWrittenAsMailProgramsWriteItShouldReachNoListMember(String header) throws Exception {
        String id = newMessageId();
        String[] parts = header.split("\\|");
        String value = parts[0].contains("?B?") ? String.format(parts[0], java.util.Base64.getEncoder().encodeToString(
                parts[1].getBytes(StandardCharsets.UTF_8))) : String.format(parts[0], parts[1]);
        String subject = value.startsWith("Subject:") ? null : "Branch incident";
        byte[] message = ((subject == null ? "" : "Subject: " + subject + "\r\n") + value + "\r\nFrom: alice@bank-one.example\r\n"
                + "To: finance@hub.localhost\r\nMessage-ID: " + id + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nDetails of the intrusion follow.\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(post("alice@bank-one.example", "finance@hub.localhost", message).accepted()).isTrue();

        assertThat(awaitRefusalRecorded(id)).contains("TLP_RED");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> MailFixture.copiesOf(smarthost, id).isEmpty());
        assertThat(archived(id, "finance")).isEmpty();
    }

    @Test
    void aRedReportAttachedByNameShouldReachNoListMember() throws Exception {
        String id = newMessageId();
        byte[] message = ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: Incident report\r\n"
                + "Message-ID: " + id + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nReport attached.\r\n--b1\r\nContent-Type: application/pdf; "
                + "name=report_TLP-RED.pdf\r\nContent-Disposition: attachment; filename=report_TLP-RED.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(post("alice@bank-one.example", "finance@hub.localhost", message).accepted()).isTrue();

        assertThat(awaitRefusalRecorded(id)).contains("TLP_RED");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> MailFixture.copiesOf(smarthost, id).isEmpty());
    }

    @Test
    void aLabelThatCannotBeReadShouldHoldThePostAndAskItsSender() throws Exception {
        String id = newMessageId();

        assertThat(post("alice@bank-one.example", "finance@hub.localhost", plainPost(id, "alice@bank-one.example",
                "finance@hub.localhost", "TLP: ORANGE scanning of our gateway", "Scans since Monday.")).accepted()).isTrue();

        MimeMessage notice = awaitNotice("alice@bank-one.example", id);
        assertThat(MailFixture.text(notice)).contains("could not be read with certainty").contains("TLP: ORANGE")
                .contains("TLP:AMBER+STRICT");
        assertThat(db.jdbc().queryOne("SELECT outcome FROM vetting_outcome WHERE message_id = ?", rs -> rs.getString(1), id))
                .contains("held");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> MailFixture.copiesOf(smarthost, id).isEmpty());
        assertThat(archived(id, "finance")).isEmpty();
        // One line to grep, with the post's id and the list, never its subject or text.
        assertThat(decisionLines(id)).singleElement().satisfies(line -> assertThat(line).startsWith("held mail=")
                .contains("stage=hold").contains("list=finance@hub.localhost").doesNotContain("scanning")
                .doesNotContain("Monday"));
    }

    @Test
    void refusalOfAnAutomaticMessageShouldSendNoBounce() throws Exception {
        String id = newMessageId();
        byte[] auto = ("Auto-Submitted: auto-replied\r\n" + new String(plainPost(id, "erin@clinic.example",
                "finance@hub.localhost", "Out of office", "Away."), StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);

        assertThat(post("erin@clinic.example", "finance@hub.localhost", auto).accepted()).isTrue();

        assertThat(awaitRefusalRecorded(id)).contains("AUTO_SUBMITTED");
        awaitNoNotice("erin@clinic.example", id);
    }

    @Test
    void mailCarryingOurListIdShouldBeDroppedNotDistributed() throws Exception {
        String id = newMessageId();
        String marker = newMessageId();
        byte[] looped = ("List-Id: \"Finance and insurance\" <finance.hub.localhost>\r\n" + new String(plainPost(id,
                "alice@bank-one.example", "finance@hub.localhost", "TLP:CLEAR looped", "loop"), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII);

        assertThat(post("alice@bank-one.example", "finance@hub.localhost", looped).accepted()).isTrue();
        assertThat(post("alice@bank-one.example", "finance@hub.localhost", plainPost(marker, "alice@bank-one.example",
                "finance@hub.localhost", "TLP:CLEAR after the loop", "marker")).accepted()).isTrue();

        awaitCopies(marker, 2);
        assertThat(MailFixture.copiesOf(smarthost, id)).isEmpty();
        assertThat(archived(id, "finance")).isEmpty();
        assertThat(MailFixture.inbox(smarthost, "alice@bank-one.example"))
                .noneMatch(m -> id.equals(MailFixture.header(m, "In-Reply-To")));
    }

    @Test
    void postToTwoListsShouldBeHandledPerList() throws Exception {
        String id = newMessageId();
        byte[] message = plainPost(id, "alice@bank-one.example", "finance@hub.localhost, healthcare@hub.localhost",
                "TLP:GREEN Shared supplier breach", "Our payroll supplier was breached.");

        SmtpClient.Result result = SmtpClient.send(smtpPort, "alice@bank-one.example",
                List.of("finance@hub.localhost", "healthcare@hub.localhost"), message);

        assertThat(result.accepted()).isTrue();
        awaitCopies(id, 2);
        MimeMessage notice = awaitNotice("alice@bank-one.example", id);
        assertThat(notice.getSubject()).startsWith("Not distributed: your post to healthcare@hub.localhost");
        assertThat(decisionLines(id)).singleElement().satisfies(line -> assertThat(line).startsWith("refused mail=")
                .contains("stage=reject").contains("list=healthcare@hub.localhost").doesNotContain("supplier"));
        assertThat(MailFixture.copiesOf(smarthost, id)).isEqualTo(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1));
        assertThat(archived(id, "finance")).isPresent();
        assertThat(archived(id, "healthcare")).isEmpty();
    }

    @Test
    void helpToAListRequestAddressShouldGetAnAutomaticAnswerListingTheCommands() throws Exception {
        String id = newMessageId();

        SmtpClient.Result result = post("bob@bank-one.example", "finance-request@hub.localhost",
                plainPost(id, "bob@bank-one.example", "finance-request@hub.localhost", "help", ""));

        assertThat(result.accepted()).isTrue();
        MimeMessage answer = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "bob@bank-one.example")
                .stream().filter(m -> "Your request to finance-request@hub.localhost".equals(subject(m)))
                .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(MailFixture.header(answer, "Auto-Submitted")).isEqualTo("auto-replied");
        assertThat(MailFixture.text(answer)).contains("digest on").contains("unsubscribe")
                .contains("finance-owner@hub.localhost");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            return null;
        }
    }

    @Test
    void mailToAnAddressThatIsNotAListShouldBeRefusedAtSmtp() throws Exception {
        SmtpClient.Result result = post("alice@bank-one.example", "alice@hub.localhost",
                plainPost(newMessageId(), "alice@bank-one.example", "alice@hub.localhost", "hello", "hi"));

        assertThat(result.rcpts().get(0)).startsWith("550").contains("no such list at hub.localhost");
        assertThat(result.accepted()).isFalse();
    }

    @Test
    void sameMessageIdSentTwiceShouldBeDeliveredOnce() throws Exception {
        String id = newMessageId();
        String marker = newMessageId();
        byte[] message = plainPost(id, "carol@bank-two.example", "finance@hub.localhost", "TLP:AMBER Twice", "once");

        post("carol@bank-two.example", "finance@hub.localhost", message);
        awaitCopies(id, 2);
        post("carol@bank-two.example", "finance@hub.localhost", message);
        post("carol@bank-two.example", "finance@hub.localhost", plainPost(marker, "carol@bank-two.example",
                "finance@hub.localhost", "TLP:AMBER marker", "after"));

        awaitCopies(marker, 2);
        assertThat(MailFixture.copiesOf(smarthost, id)).isEqualTo(Map.of("alice@bank-one.example", 1, "bob@bank-one.example", 1));
    }

    @Test
    void acceptedPostShouldBeFoundBySearchForAWordOfItsBody() throws Exception {
        String id = newMessageId();
        post("frank@labs.example", "tech@hub.localhost", plainPost(id, "frank@labs.example", "tech@hub.localhost",
                "TLP:GREEN Supply chain note", "The compromised package is called quokkaloader in our findings."));
        long seq = await().atMost(DELIVERY).until(() -> archived(id, "tech"), Optional::isPresent).get().seq();

        String hits = await().atMost(DELIVERY).until(() -> search("quokkaloader"), s -> !s.isBlank());

        assertThat(hits.lines()).hasSize(1);
        assertThat(hits.lines().findFirst().orElseThrow()).startsWith(seq + "\t")
                .contains("\ttech\tGREEN\tTLP:GREEN Supply chain note");
    }

    @Test
    void oddButLegalMimeShouldBeArchivedWithReadableTextAndFound() throws Exception {
        String htmlId = newMessageId();
        String base64Id = newMessageId();
        String attachId = newMessageId();
        String headers = "From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nMIME-Version: 1.0\r\n";
        String html = headers + "Message-ID: " + htmlId + "\r\nSubject: TLP:CLEAR html only\r\n"
                + "Content-Type: text/html; charset=utf-8\r\n\r\n"
                + "<html><head><style>p{}</style></head><body><p>Watch for <b>zebrafinch</b> beacons</p></body></html>\r\n";
        String body = "Die Kampagne heißt Grünspecht und zielt auf Kassensysteme.\n";
        String base64 = headers + "Message-ID: " + base64Id + "\r\nSubject: =?UTF-8?B?"
                + Base64.getEncoder().encodeToString("TLP:GREEN Grüße aus München".getBytes(StandardCharsets.UTF_8))
                + "?=\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) + "\r\n";
        String attach = headers + "Message-ID: " + attachId + "\r\nSubject: TLP:GREEN indicators attached\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n"
                + "See the attached list from the marmoset campaign.\r\n--b1\r\n"
                + "Content-Type: text/csv; name=\"iocs.csv\"\r\nContent-Disposition: attachment; filename=\"iocs.csv\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder().encodeToString("ip\n192.0.2.1\n".getBytes(StandardCharsets.US_ASCII))
                + "\r\n--b1--\r\n";

        for (String m : List.of(html, base64, attach)) {
            assertThat(post("alice@bank-one.example", "finance@hub.localhost", m.getBytes(StandardCharsets.UTF_8))
                    .accepted()).isTrue();
        }

        Submission h = await().atMost(DELIVERY).until(() -> archived(htmlId, "finance"), Optional::isPresent).get();
        Submission b = await().atMost(DELIVERY).until(() -> archived(base64Id, "finance"), Optional::isPresent).get();
        Submission a = await().atMost(DELIVERY).until(() -> archived(attachId, "finance"), Optional::isPresent).get();
        assertThat(h.textBody()).contains("Watch for zebrafinch beacons").doesNotContain("<b>").doesNotContain("p{}");
        assertThat(b.subject()).isEqualTo("TLP:GREEN Grüße aus München");
        assertThat(b.textBody()).isEqualTo(body);
        assertThat(a.textBody()).contains("marmoset campaign").doesNotContain("192.0.2.1");
        assertThat(await().atMost(DELIVERY).until(() -> search("zebrafinch"), s -> !s.isBlank())).startsWith(h.seq() + "\t");
        assertThat(await().atMost(DELIVERY).until(() -> search("Grünspecht"), s -> !s.isBlank())).startsWith(b.seq() + "\t");
        assertThat(await().atMost(DELIVERY).until(() -> search("marmoset"), s -> !s.isBlank())).startsWith(a.seq() + "\t");
        awaitCopies(attachId, 2);
        MimeMessage copy = MailFixture.copy(smarthost, "bob@bank-one.example", attachId);
        assertThat(MailFixture.text(copy)).contains("filename=\"iocs.csv\"").contains("TLP:GREEN: share within the community");
    }

    /**
     * Issue 24, item 6: a Subject and a sender's name written in raw UTF-8 (RFC 6532, as clients
     * send with SMTPUTF8) and a legacy Big5 one reach members, the archive and search readable, in
     * English and Traditional Chinese, and the label in them is read.
     */
    @Test
    void rawUtf8HeadersShouldSurviveToMembersTheArchiveAndSearch() throws Exception {
        String id = newMessageId();
        String subject = "TLP:GREEN S\u00e9minaire r\u00e9gional \u7db2\u4e0a\u9280\u884c\u91e3\u9b5a\u653b\u64ca";
        byte[] message = ("From: \u9673\u5927\u6587 <alice@bank-one.example>\r\nTo: finance@hub.localhost\r\nSubject: "
                + subject + "\r\nMessage-ID: " + id + "\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + "\u8acb\u6ce8\u610f\u91e3\u9b5a\u7db2\u57df\u3002\r\n").getBytes(StandardCharsets.UTF_8);

        SmtpClient.Result result = post("alice@bank-one.example", "finance@hub.localhost", message);

        assertThat(result.accepted()).as(result.toString()).isTrue();
        awaitCopies(id, 2);
        MimeMessage copy = MailFixture.copy(smarthost, "carol@bank-two.example", id);
        assertThat(copy.getSubject()).startsWith("[finance] ").endsWith(subject);
        assertThat(((javax.mail.internet.InternetAddress) copy.getFrom()[0]).getPersonal()).contains("\u9673\u5927\u6587");
        assertThat(archived(id, "finance").orElseThrow().subject()).isEqualTo(subject);
        await().atMost(DELIVERY).until(() -> search("\u91e3\u9b5a"), out -> out.contains("S\u00e9minaire r\u00e9gional"));

        // SMTPUTF8 is offered, and a MAIL that asks for it is taken.
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", smtpPort)) {
            socket.setSoTimeout(10_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            java.io.Writer out = new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
            out.write("EHLO client.example\r\n");
            out.flush();
            StringBuilder ehlo = new StringBuilder();
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                ehlo.append(l).append('\n');
                if (l.startsWith("250 ")) {
                    break;
                }
            }
            assertThat(ehlo.toString()).containsPattern("(?m)^250[- ]SMTPUTF8$");
            out.write("MAIL FROM:<alice@bank-one.example> SMTPUTF8\r\n");
            out.flush();
            assertThat(in.readLine()).startsWith("250");
            out.write("QUIT\r\n");
            out.flush();
        }

        String big5Id = newMessageId();
        byte[] big5 = ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN "
                + "\u7db2\u4e0a\u9280\u884c \u8b66\u5831\r\nMessage-ID: " + big5Id + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: 8bit\r\n\r\n\u8b66\u5831\r\n")
                .getBytes(java.nio.charset.Charset.forName("Big5"));
        assertThat(post("alice@bank-one.example", "finance@hub.localhost", big5).accepted()).isTrue();
        awaitCopies(big5Id, 2);
        assertThat(MailFixture.copy(smarthost, "carol@bank-two.example", big5Id).getSubject())
                .startsWith("[finance] ").endsWith("TLP:GREEN \u7db2\u4e0a\u9280\u884c \u8b66\u5831");
    }

    /**
     * Issue 28, item 5: a post as Outlook in Hong Kong writes it (labelled {@code big5}, holding
     * Hong Kong supplementary characters only Big5-HKSCS maps, base64) and one as Foxmail writes
     * it (GB2312 label, GBK characters, quoted-printable), from the corpus Python's codecs wrote,
     * reach the member in UTF-8 with every character, and the archive and search hold the same.
     */
    @Test
    void chineseLegacyCharsetsShouldReachMembersAndTheArchiveInUtf8() throws Exception {
        for (String name : List.of("outlook-big5-hkscs", "foxmail-gb2312-qp")) {
            java.nio.file.Path dir = java.nio.file.Path.of("../mailet/src/test/resources/charsets");
            String expected = java.nio.file.Files.readString(dir.resolve(name + ".expected"));
            String subject = expected.substring(0, expected.indexOf('\n'));
            String text = expected.substring(expected.indexOf('\n') + 1).strip();
            String id = newMessageId();
            byte[] raw = new String(java.nio.file.Files.readAllBytes(dir.resolve(name + ".eml")), StandardCharsets.ISO_8859_1)
                    .replace("<{ID}>", id).getBytes(StandardCharsets.ISO_8859_1);

            assertThat(post("alice@bank-one.example", "finance@hub.localhost", raw).accepted()).isTrue();

            awaitCopies(id, 2);
            MimeMessage copy = MailFixture.copy(smarthost, "carol@bank-two.example", id);
            assertThat(copy.getSubject()).as(name).endsWith(subject.substring("TLP:GREEN ".length()));
            assertThat(new javax.mail.internet.ContentType(copy.getContentType()).getParameter("charset"))
                    .isEqualToIgnoringCase("UTF-8");
            assertThat(((String) copy.getContent()).replace("\r\n", "\n")).as(name).contains(text);
            assertThat(archived(id, "finance").orElseThrow().subject()).isEqualTo(subject);
        }
        // 𨋢 (U+282E2, a lift), written in Big5-HKSCS under the label big5, is found in the archive.
        await().atMost(DELIVERY).until(() -> search("\ud860\udee2"), out -> out.contains("\u63a7\u5236\u53f0\u5165\u4fb5"));
        await().atMost(DELIVERY).until(() -> search("LockBit"), out -> out.contains("\u52d2\u7d22\u8f6f\u4ef6"));
    }

    /** Issue 24: no copy leaves with a line over SMTP's 998 octets, and the text arrives exact. */
    @Test
    void aLineLongerThanSmtpAllowsShouldBeEncodedNotCutOrSentAsItIs() throws Exception {
        String id = newMessageId();
        String line = "TLP:GREEN indicators " + "198.51.100.7,".repeat(300);
        SmtpClient.Result result = post("alice@bank-one.example", "finance@hub.localhost",
                plainPost(id, "alice@bank-one.example", "finance@hub.localhost", "TLP:GREEN One long line", line));

        assertThat(result.accepted()).as(result.toString()).isTrue();
        awaitCopies(id, 2);
        MimeMessage copy = MailFixture.copy(smarthost, "carol@bank-two.example", id);
        java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
        copy.writeTo(raw);
        assertThat(raw.toString(StandardCharsets.ISO_8859_1).split("\r\n")).allSatisfy(l ->
                assertThat(l.length()).isLessThanOrEqualTo(998));
        assertThat(copy.getContent()).asString().as("the text, decoded, is the line as written").contains(line);
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.i18n.Language;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipCsv;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Issue 28: what a representative who reads Traditional Chinese gets from the hub, read at the
 * members' mail server: the notice of a refused post, the answer to a list request and the digest
 * in Chinese, their English-reading colleague's in English, and a list's footer in both languages
 * when the list asks for it. Languages are set the way an administrator sets them: the
 * membership CSV's language column.
 */
class ChineseReadersTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static MembershipAdmin admin;
    private static String dbUrl;

    @BeforeAll
    static void startHub() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("chinese_readers");
        dbUrl = url;
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        String csv = MembershipCsv.HEADER + "\n"
                + "organisation,Harbour Hospital,,,healthcare,active,2026-01-01,harbour-hospital.example,,,,,\n"
                + "organisation,Kowloon Clinic,,,healthcare,active,2026-01-01,kowloon-clinic.example,,,,,\n"
                + "representative,wing@harbour-hospital.example,Wing Wong,Harbour Hospital,,active,2026-01-01,,,,,黃永明,zh-HK\n"
                + "representative,dora@kowloon-clinic.example,Dora Chan,Kowloon Clinic,,active,2026-01-01,,,,"
                + "healthcare=digest,陳多拉,zh-HK\n"
                + "representative,eric@kowloon-clinic.example,Eric Ho,Kowloon Clinic,,active,2026-01-01,,,,,,en\n";
        BufferedReader in = new BufferedReader(new StringReader(csv));
        String header = in.readLine();
        MembershipCsv.Result loaded = new MembershipCsv(admin, audit).load(in, "test", header);
        assertThat(loaded.errors()).isEmpty();
        server = new HubServer(MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of())).start();
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

    private static void send(String from, String to, String messageId, String subject, String body) throws Exception {
        byte[] message = ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        SmtpClient.Result result = SmtpClient.send(server.config().smtpPort(), from, List.of(to), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
    }

    private static String cli(String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", dbUrl, "--db-user", TestDatabase.user(), "--db-password-file",
                TestDatabase.passwordFile(), "--data-dir", dataDir.toString()));
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(org.infohub.admin.AdminCli.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(err),
                all.toArray(String[]::new))).as(err.toString()).isZero();
        return out.toString();
    }

    private static Optional<MimeMessage> answerTo(String email, String messageId) {
        return MailFixture.inbox(smarthost, email).stream()
                .filter(m -> messageId.equals(MailFixture.header(m, "In-Reply-To"))).findFirst();
    }

    @Test
    void aRefusedPostIsExplainedInTheLanguageItsAuthorChose() throws Exception {
        String chinese = id();
        String english = id();

        send("wing@harbour-hospital.example", "healthcare@hub.localhost", chinese, "TLP:RED 病人資料外洩", "只限指名的人。");
        send("eric@kowloon-clinic.example", "healthcare@hub.localhost", english, "TLP:RED patient records", "Named only.");

        MimeMessage zh = await().atMost(DELIVERY).until(() -> answerTo("wing@harbour-hospital.example", chinese),
                Optional::isPresent).get();
        assertThat(zh.getSubject()).isEqualTo("未有發送：你發到 healthcare@hub.localhost 的帖子（TLP:RED 病人資料外洩）");
        assertThat(MailFixture.body(zh)).contains("你發到 healthcare@hub.localhost 的郵件沒有發送給名單成員。")
                .contains("帖子標為 TLP:RED，只限指名的接收者，不可發到名單")
                .contains("你可以怎樣做：").doesNotContain("Why").doesNotContain("What you can do");
        MimeMessage en = await().atMost(DELIVERY).until(() -> answerTo("eric@kowloon-clinic.example", english),
                Optional::isPresent).get();
        assertThat(en.getSubject()).startsWith("Not distributed: your post to healthcare@hub.localhost");
        assertThat(MailFixture.body(en)).contains("the post is labelled TLP:RED").doesNotContain("帖子");
    }

    @Test
    void aListRequestIsAnsweredInChinese() throws Exception {
        String help = id();

        send("wing@harbour-hospital.example", "healthcare-request@hub.localhost", help, "help", "help");

        MimeMessage answer = await().atMost(DELIVERY).until(() -> answerTo("wing@harbour-hospital.example", help),
                Optional::isPresent).get();
        assertThat(answer.getSubject()).isEqualTo("你向 healthcare-request@hub.localhost 提出的要求");
        assertThat(MailFixture.body(answer)).contains("healthcare@hub.localhost 的指令").contains("subscribe     逐篇接收每個帖子")
                .contains("醫療界別的機構").contains("這是 Infohub 的自動回覆");
    }

    @Test
    void aDigestIsWrittenInItsReadersLanguage() throws Exception {
        String alert = id();
        send("wing@harbour-hospital.example", "healthcare@hub.localhost", alert, "【警報】TLP:GREEN 醫院系統遭勒索軟件攻擊",
                "攻擊者要求以比特幣支付贖金。");
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL", alert) == 1);

        server.sendDigestsNow();

        MimeMessage digest = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "dora@kowloon-clinic.example")
                .stream().filter(m -> String.valueOf(MailFixture.header(m, "List-Id")).contains("digest.")).findFirst(),
                Optional::isPresent).get();
        assertThat(digest.getSubject()).matches("\\[Infohub 摘要\\] TLP:GREEN \\d+ 個帖子，\\d{4}-\\d{2}-\\d{2}");
        assertThat(MailFixture.header(digest, "Content-Language")).isEqualTo("zh-HK");
        assertThat(((javax.mail.internet.InternetAddress) digest.getFrom()[0]).getPersonal()).isEqualTo("Infohub 摘要");
        String contents = (String) ((Multipart) digest.getContent()).getBodyPart(0).getContent();
        assertThat(contents).startsWith("目錄").containsPattern("警報（\\d+）").contains("醫院系統遭勒索軟件攻擊")
                .contains("每個帖子保留其本身的 TLP 標籤").doesNotContain("Contents").doesNotContain("Alert");
    }

    @Test
    void aListAskingForBothLanguagesCarriesItsFooterInEnglishAndChinese() throws Exception {
        assertThat(cli("list", "footer", "healthcare", "bilingual")).contains("healthcare@ footer: English and Traditional Chinese");
        server.services().lists().refresh();
        String post = id();
        try {
            send("wing@harbour-hospital.example", "healthcare@hub.localhost", post, "TLP:GREEN 網上銀行釣魚攻擊警報",
                    "請留意以下網域。");

            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, post).containsKey("eric@kowloon-clinic.example"));
            String text = MailFixture.body(MailFixture.copy(smarthost, "eric@kowloon-clinic.example", post));
            assertThat(text).contains("TLP:GREEN: share within the community, not publicly.")
                    .contains("TLP:GREEN：可在社群內分享，但不可公開。")
                    .contains("Sent to healthcare@hub.localhost").contains("由 Infohub 發送至 healthcare@hub.localhost");
        } finally {
            cli("list", "footer", "healthcare", "programme");
            server.services().lists().refresh();
        }
    }

    @Test
    void aSightingReplyIsConfirmedInChinese() throws Exception {
        String root = id();
        send("eric@kowloon-clinic.example", "healthcare@hub.localhost", root, "TLP:GREEN scanner at 185.220.101.77",
                "Scanning from 185.220.101.77 since 02:00.");
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, root).containsKey("wing@harbour-hospital.example"));
        String reply = id();
        byte[] message = ("From: wing@harbour-hospital.example\r\nTo: healthcare@hub.localhost\r\nSubject: 回覆：TLP:GREEN scanner"
                + "\r\nMessage-ID: " + reply + "\r\nIn-Reply-To: " + root + "\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n+seen 185.220.101.77\r\n"
                + "+fp 198.51.100.251\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "wing@harbour-hospital.example", List.of("healthcare@hub.localhost"),
                message).accepted()).isTrue();

        MimeMessage confirmation = await().atMost(DELIVERY).until(() -> answerTo("wing@harbour-hospital.example", reply),
                Optional::isPresent).get();
        assertThat(confirmation.getSubject()).isEqualTo("已記錄的發現：2 項中的 1 項");
        assertThat(MailFixture.body(confirmation)).contains("你的回覆被讀作 Harbour Hospital 的 2 項發現")
                .contains("已記錄：185.220.101.77：已發現，已為你的機構記錄")
                .contains("未記錄：198.51.100.251 不在你機構收到的任何帖子中").doesNotContain("recorded for");
    }

    @Test
    void theLinkToManageOnesListsIsMailedInChinese() {
        assertThat(new org.infohub.core.member.ManageLinks(db.jdbc(), Clock.systemUTC()).request("wing@harbour-hospital.example"))
                .isTrue();

        MimeMessage link = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "wing@harbour-hospital.example")
                .stream().filter(m -> "管理你的 Infohub 名單的連結".equals(subjectOf(m))).findFirst(), Optional::isPresent).get();
        assertThat(MailFixture.body(link)).contains("/subscriptions/").contains("小時內有效").doesNotContain("Someone");
        assertThat(MailFixture.header(link, "Content-Language")).isEqualTo("zh-HK");
    }

    private static String subjectOf(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (javax.mail.MessagingException e) {
            return "";
        }
    }

    @Test
    void theLanguageColumnIsReadAndWrittenBack() {
        MembershipRepository members = new MembershipRepository(db.jdbc());
        assertThat(members.findRepresentative("wing@harbour-hospital.example").orElseThrow().language()).isEqualTo(Language.ZH_HK);
        assertThat(members.findRepresentative("wing@harbour-hospital.example").orElseThrow().nameZh()).isEqualTo("黃永明");
        assertThat(members.findRepresentative("eric@kowloon-clinic.example").orElseThrow().language()).isEqualTo(Language.EN);
        assertThat(members.modeOf(members.findRepresentative("dora@kowloon-clinic.example").orElseThrow(),
                members.findList("healthcare").orElseThrow())).isEqualTo(DeliveryMode.DIGEST);
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.mail.AuthenticationFailedException;
import javax.mail.Session;
import javax.mail.Transport;
import javax.mail.internet.MimeMessage;

import org.apache.james.jdkim.DKIMSigner;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.infohub.admin.AdminCli;
import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.trust.DkimKeys;
import org.infohub.mailet.trust.HubDns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Trusting senders and being trusted, end to end through the real server: SPF, DKIM and DMARC
 * against a DNS stub on loopback, the submission port with STARTTLS and SMTP AUTH, outgoing DKIM
 * checked with jDKIM against the published key, From: rewriting, VERP bounces and scores, and the
 * one-click unsubscribe of the console.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrustEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String OWNER = "owner@programme.example";

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static LoopbackDns dns;
    private static ConsoleProcess console;
    /** The Public Zone behind a TLS-terminating proxy, as in production: one-click needs an https:// link (RFC 8058). */
    private static HttpsFront publicZone;
    private static HubConfig config;
    private static KeyPair bankOneKey;
    private static String dbUrl;

    @BeforeAll
    static void startHub() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("hub_trust");
        dbUrl = url;
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        dns = LoopbackDns.passingLoopback();
        // Bank One's mail comes from 192.0.2.0/24 only, and it asks receivers to reject what fails.
        dns.txt("bank-one.example", "v=spf1 ip4:192.0.2.0/24 -all");
        dns.txt("_dmarc.bank-one.example", "v=DMARC1; p=reject; rua=mailto:dmarc@bank-one.example");
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        bankOneKey = rsa.generateKeyPair();
        dns.txt("s1._domainkey.bank-one.example",
                "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(bankOneKey.getPublic().getEncoded()));
        // Bank Two publishes a monitoring policy only: its posts keep their From:.
        dns.txt("_dmarc.bank-two.example", "v=DMARC1; p=none");
        // City Hospital's mail is hosted by a large mailbox provider that wants one-click unsubscribe.
        dns.mx("hospital.example", "alt1.gmail-smtp-in.l.google.com");
        console = ConsoleProcess.start(url, dataDir);
        publicZone = new HttpsFront(MailFixture.tls().serverContext(), console.publicPort());
        config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(
                HubConfigLoader.DNS_SERVERS, dns.server(),
                HubConfigLoader.OWNERS, OWNER,
                HubConfigLoader.BOUNCE_THRESHOLD, "3",
                HubConfigLoader.PUBLIC_URL, publicZone.url("")));
        server = new HubServer(config).start();
        dns.txt(config.trust().dkimSelector() + "._domainkey." + config.domain(),
                DkimKeys.load(config.dkimKey()).txtValue());
    }

    @AfterAll
    static void stopHub() {
        if (server != null) {
            server.stop();
        }
        if (publicZone != null) {
            try {
                publicZone.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        }
        if (console != null) {
            console.close();
        }
        if (db != null) {
            db.close();
        }
        if (smarthost != null) {
            smarthost.stop();
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static String newMessageId() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    private static byte[] post(String messageId, String from, String to, String subject, String body) {
        return ("From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The post with a DKIM-Signature of bank-one.example's key, as Bank One's outbound server would add. */
    private static byte[] signedByBankOne(byte[] message) throws Exception {
        DKIMSigner signer = new DKIMSigner("v=1; a=rsa-sha256; c=relaxed/relaxed; d=bank-one.example; s=s1; "
                + "h=from:to:subject:date:message-id; bh=; b=;", bankOneKey.getPrivate());
        String signature = signer.sign(new ByteArrayInputStream(message));
        byte[] header = (signature + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[header.length + message.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(message, 0, out, header.length, message.length);
        return out;
    }

    private static Map<String, Integer> awaitCopies(String messageId, int recipients) {
        return await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, messageId),
                m -> m.values().stream().mapToInt(Integer::intValue).sum() >= recipients);
    }

    private static String outcome(String messageId) {
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryOne(
                "SELECT CONCAT(outcome, ' | ', reasons) FROM vetting_outcome WHERE message_id = ?",
                rs -> rs.getString(1), messageId), Optional::isPresent).orElseThrow();
    }

    private static byte[] raw(MimeMessage m) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.writeTo(out);
        return out.toByteArray();
    }

    private static List<SignatureRecord> verifyWithPublishedKey(MimeMessage copy) throws Exception {
        int port = Integer.parseInt(dns.server().substring(dns.server().indexOf(':') + 1));
        HubDns resolver = new HubDns(List.of(new HubConfig.HostAndPort("127.0.0.1", port)));
        byte[] bytes = raw(copy);
        if (bytes.length > 1 && bytes[bytes.length - 1] != '\n') {
            // GreenMail stores the message without the CRLF that ends its last line (the first CRLF
            // of SMTP's end-of-data mark belongs to the message, RFC 5321 section 4.1.1.4).
            bytes = (new String(bytes, StandardCharsets.ISO_8859_1) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        }
        return new DKIMVerifier(resolver.dkimKeys()).verify(new ByteArrayInputStream(bytes));
    }

    @Test
    @Order(1)
    void forgedPostOfARepresentativeShouldBeHeldAndTheSameSignedByTheirDomainDistributed() throws Exception {
        String forged = newMessageId();
        byte[] message = post(forged, "Alice Chan <alice@bank-one.example>", "finance@hub.localhost",
                "TLP:GREEN Urgent: wire the funds", "Please act now.");

        SmtpClient.Result result = SmtpClient.send(config.smtpPort(), "alice@bank-one.example",
                List.of("finance@hub.localhost"), message);

        assertThat(result.accepted()).as(result.toString()).isTrue();
        assertThat(outcome(forged)).startsWith("held | HELD_UNAUTHENTICATED")
                .contains("spf=fail (bank-one.example)").contains("dkim=none").contains("dmarc=fail");
        String signed = newMessageId();
        byte[] genuine = signedByBankOne(post(signed, "Alice Chan <alice@bank-one.example>", "finance@hub.localhost",
                "TLP:GREEN Lure domains registered overnight", "Block these at the proxy."));
        assertThat(SmtpClient.send(config.smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                genuine).accepted()).isTrue();
        assertThat(awaitCopies(signed, 2)).isEqualTo(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1));
        // The forged post was held before the genuine one was even sent; it reached nobody, and no
        // notice went to the address the forger named.
        assertThat(MailFixture.copiesOf(smarthost, forged)).isEmpty();
        assertThat(MailFixture.inbox(smarthost, "alice@bank-one.example")).isEmpty();

        long seq = db.jdbc().queryLong("SELECT seq FROM submission WHERE message_id = ?", signed);
        String archived = new String(new org.infohub.core.archive.ArchiveRepository(db.jdbc()).raw(seq).orElseThrow(),
                StandardCharsets.UTF_8);
        assertThat(archived).containsPattern("Authentication-Results: hub\\.localhost;[\\s\\S]*spf=fail "
                + "smtp\\.mailfrom=bank-one\\.example;[\\s\\S]*dkim=pass header\\.d=bank-one\\.example;[\\s\\S]*dmarc=pass "
                + "\\(p=reject\\) header\\.from=bank-one\\.example");
    }

    @Test
    @Order(2)
    void outgoingCopiesShouldVerifyWithThePublishedKeyAndBeRewrittenExactlyWhenDmarcAsks() throws Exception {
        String strict = newMessageId();
        SmtpClient.send(config.smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                signedByBankOne(post(strict, "Alice Chan <alice@bank-one.example>", "finance@hub.localhost",
                        "TLP:CLEAR Patch Tuesday notes", "Notes attached inline.")));
        String relaxed = newMessageId();
        SmtpClient.send(config.smtpPort(), "carol@bank-two.example", List.of("finance@hub.localhost"),
                post(relaxed, "Carol Diaz <carol@bank-two.example>", "finance@hub.localhost", "TLP:CLEAR Reply",
                        "Agreed."));
        awaitCopies(strict, 2);
        awaitCopies(relaxed, 2);

        MimeMessage rewritten = MailFixture.copy(smarthost, "carol@bank-two.example", strict);
        assertThat(MailFixture.header(rewritten, "From")).isEqualTo("Alice Chan via finance <finance@hub.localhost>");
        assertThat(MailFixture.header(rewritten, "Reply-To")).isEqualTo("Alice Chan <alice@bank-one.example>");
        assertThat(MailFixture.header(rewritten, "X-Original-From")).isEqualTo("Alice Chan <alice@bank-one.example>");
        assertThat(MailFixture.header(rewritten, "Return-Path")).as("the post's return path, shared by its members")
                .matches("<finance-bounces\\+\\d+-[a-z2-7]{8}@hub\\.localhost>");
        MimeMessage kept = MailFixture.copy(smarthost, "alice@bank-one.example", relaxed);
        assertThat(MailFixture.header(kept, "From")).isEqualTo("Carol Diaz <carol@bank-two.example>");
        assertThat(MailFixture.header(kept, "X-Original-From")).isNull();

        for (MimeMessage copy : List.of(rewritten, kept)) {
            List<SignatureRecord> passed = verifyWithPublishedKey(copy);
            assertThat(passed).as("DKIM of " + MailFixture.header(copy, "Message-ID")).isNotEmpty();
            SignatureRecord hub = passed.stream().filter(r -> r.getDToken().toString().equals("hub.localhost"))
                    .findFirst().orElseThrow();
            assertThat(hub.getHeaders().stream().map(h -> h.toString().toLowerCase()))
                    .contains("list-unsubscribe", "list-unsubscribe-post", "from", "list-id");
            assertThat(MailFixture.text(copy)).contains("Sent to finance@hub.localhost");
        }
        // A copy changed on the way does not verify: the check above would catch a broken signature.
        MimeMessage tampered = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw(kept)));
        tampered.setHeader("List-Unsubscribe", "<https://attacker.example/u>");
        tampered.saveChanges();
        tampered.setHeader("Message-ID", MailFixture.header(kept, "Message-ID"));
        assertThatThrownBy(() -> verifyWithPublishedKey(tampered)).isInstanceOf(Exception.class);
    }

    @Test
    @Order(3)
    void smtpAuthShouldWorkOnlyAfterStartTlsAndLetARepresentativePostFromAnyNetwork() throws Exception {
        java.io.InputStream stdin = System.in;
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream("correct horse battery staple\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(AdminCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "rep", "smtp-password",
                    "alice@bank-one.example", "--password-stdin", "--db-url", dbUrl, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile(), "--data-dir", dataDir.toString())).as(err.toString()).isZero();
        } finally {
            System.setIn(stdin);
        }
        String stored = db.jdbc().queryOne("SELECT smtp_password_hash FROM representative WHERE email = ?",
                rs -> rs.getString(1), "alice@bank-one.example").orElseThrow();
        assertThat(stored).startsWith("pbkdf2-sha256$").doesNotContain("staple");

        try (SmtpClient inbound = SmtpClient.connect(config.smtpPort())) {
            assertThat(inbound.command("EHLO mx.bank-one.example")).as("port 25 offers STARTTLS, never AUTH")
                    .contains("STARTTLS").doesNotContain("AUTH");
        }
        int port = config.trust().submissionPort();
        try (SmtpClient plain = SmtpClient.connect(port)) {
            String ehlo = plain.command("EHLO client.example");
            assertThat(ehlo).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(plain.command("AUTH PLAIN " + Base64.getEncoder().encodeToString(
                    "\0alice@bank-one.example\0correct horse battery staple".getBytes(StandardCharsets.UTF_8))))
                    .startsWith("538");
            assertThat(plain.command("MAIL FROM:<alice@bank-one.example>")).startsWith("530");
        }

        assertThatThrownBy(() -> submit("alice@bank-one.example", "wrong password here!", newMessageId()))
                .isInstanceOf(AuthenticationFailedException.class);

        String id = newMessageId();
        submit("alice@bank-one.example", "correct horse battery staple", id);
        // Bank One's SPF does not cover loopback: only the signed-in session vouches for Alice.
        assertThat(awaitCopies(id, 2)).isEqualTo(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1));
        MimeMessage copy = MailFixture.copy(smarthost, "bob@bank-one.example", id);
        assertThat(MailFixture.header(copy, "X-Original-From")).isEqualTo("Alice Chan <alice@bank-one.example>");
    }

    private static void submit(String user, String password, String messageId) throws Exception {
        Properties p = new Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(config.trust().submissionPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        p.put("mail.smtp.ssl.checkserveridentity", "false");
        p.put("mail.smtp.localhost", "laptop.example");
        Session session = Session.getInstance(p);
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(post(messageId,
                "Alice Chan <alice@bank-one.example>", "finance@hub.localhost", "TLP:GREEN From the road",
                "Posted from a hotel network.")));
        try (Transport t = session.getTransport("smtp")) {
            t.connect(user, password);
            t.sendMessage(m, new javax.mail.Address[] {new javax.mail.internet.InternetAddress("finance@hub.localhost")});
        }
    }

    private static byte[] dsn(String recipient, String status, String diagnostic) {
        return dsn(List.of(recipient), status, diagnostic);
    }

    private static byte[] dsn(List<String> recipients, String status, String diagnostic) {
        StringBuilder blocks = new StringBuilder();
        for (String recipient : recipients) {
            blocks.append("Final-Recipient: rfc822; ").append(recipient).append("\r\nAction: failed\r\nStatus: ")
                    .append(status).append("\r\nDiagnostic-Code: smtp; ").append(diagnostic).append("\r\n\r\n");
        }
        String boundary = "b-" + UUID.randomUUID();
        return ("From: MAILER-DAEMON@mx.clinic.example\r\nTo: healthcare-bounces@hub.localhost\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: " + newMessageId() + "\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\""
                + boundary + "\"\r\n\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nDelivery failed.\r\n--"
                + boundary + "\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.clinic.example\r\n\r\n"
                + blocks + "--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static double score(String email) {
        return db.jdbc().queryOne("SELECT bounce_score FROM representative WHERE email = ?", rs -> rs.getDouble(1), email)
                .orElseThrow();
    }

    private static long bounceEvents(String email) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM bounce_event e JOIN representative r ON r.id = "
                + "e.representative_id WHERE r.email = ?", email);
    }

    @Test
    @Order(4)
    void onlyBouncesToTaggedReturnPathsCountAndDeliveryStopsOnlyWhenTheProbeBouncesToo() throws Exception {
        String first = newMessageId();
        SmtpClient.send(config.smtpPort(), "frank@labs.example", List.of("all@hub.localhost"),
                post(first, "frank@labs.example", "all@hub.localhost", "TLP:GREEN To every sector", "Everyone."));
        awaitCopies(first, 5);
        String verp = returnPath(MailFixture.copy(smarthost, "erin@clinic.example", first));
        assertThat(verp).matches("all-bounces\\+\\d+-[a-z2-7]{8}@hub\\.localhost");
        assertThat(verp).as("names the post").contains("+" + db.jdbc().queryLong(
                "SELECT seq FROM submission WHERE message_id = ?", first) + "-");

        // Forged: the untagged form, a guessed tag, and the real address with a report about someone else.
        for (String forged : List.of("healthcare-bounces+erin=clinic.example@hub.localhost",
                verp.replaceFirst("-[a-z2-7]{8}@", "-aaaaaaaa@"))) {
            for (int i = 0; i < 4; i++) {
                assertThat(SmtpClient.send(config.smtpPort(), "", List.of(forged),
                        dsn("erin@clinic.example", "5.1.1", "550 5.1.1 user unknown")).accepted()).isTrue();
            }
        }
        // The real return path, with reports about addresses the post never went to: Frank wrote it
        // (authors get no copy) and x@ and y@ are nobody's.
        assertThat(SmtpClient.send(config.smtpPort(), "", List.of(verp), dsn(List.of("x@clinic.example",
                "y@clinic.example"), "5.1.1", "550 5.1.1 user unknown")).accepted()).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(SmtpClient.send(config.smtpPort(), "", List.of(verp),
                    dsn("frank@labs.example", "5.1.1", "550 5.1.1 user unknown")).accepted()).isTrue();
        }
        SmtpClient.Result spam = SmtpClient.send(config.smtpPort(), "", List.of(verp),
                dsn("erin@clinic.example", "5.7.1", "550 5.7.1 Message rejected as spam by content filter"));
        assertThat(spam.accepted()).as(spam.toString()).isTrue();
        await().atMost(DELIVERY).until(() -> bounceEvents("erin@clinic.example") == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> score("erin@clinic.example") == 0.0 && bounceEvents("erin@clinic.example") == 1
                        && bounceEvents("frank@labs.example") == 0 && score("frank@labs.example") == 0.0);

        for (int i = 1; i <= 4; i++) {
            int n = i;
            SmtpClient.send(config.smtpPort(), "", List.of(verp),
                    dsn("erin@clinic.example", "5.1.1", "550 5.1.1 <erin@clinic.example>: user unknown"));
            await().atMost(DELIVERY).until(() -> bounceEvents("erin@clinic.example") == 1 + n);
            if (i == 1) {
                assertThat(score("erin@clinic.example")).isBetween(0.99, 1.0);
            }
        }
        assertThat(score("erin@clinic.example")).isGreaterThan(3.0);
        MimeMessage probe = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "erin@clinic.example")
                .stream().filter(m -> String.valueOf(MailFixture.header(m, "Subject")).startsWith("Checking that mail"))
                .findFirst(), Optional::isPresent).orElseThrow();
        assertThat(disabled("erin@clinic.example")).as("past the threshold, only a probe goes out").isFalse();

        assertThat(SmtpClient.send(config.smtpPort(), "", List.of(returnPath(probe)),
                dsn("erin@clinic.example", "5.1.1", "550 5.1.1 user unknown")).accepted()).isTrue();

        List<MimeMessage> notices = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, OWNER).stream()
                .filter(m -> String.valueOf(MailFixture.header(m, "Subject")).contains("erin@clinic.example")).toList(),
                l -> !l.isEmpty());
        assertThat(disabled("erin@clinic.example")).isTrue();
        String id = newMessageId();
        SmtpClient.send(config.smtpPort(), "frank@labs.example", List.of("all@hub.localhost"),
                post(id, "frank@labs.example", "all@hub.localhost", "TLP:GREEN To every sector", "Everyone but Erin."));
        assertThat(awaitCopies(id, 4)).isEqualTo(Map.of("alice@bank-one.example", 1, "bob@bank-one.example", 1,
                "carol@bank-two.example", 1, "dan@hospital.example", 1));
        assertThat(MailFixture.inbox(smarthost, OWNER).stream()
                .filter(m -> String.valueOf(MailFixture.header(m, "Subject")).contains("erin@clinic.example")).count())
                .as("one notice, however many bounces follow").isEqualTo(1);
        assertThat(MailFixture.text(notices.get(0))).contains("Infohub stopped delivering to erin@clinic.example")
                .contains("A probe message to them bounced as well");
        assertThat(verifyWithPublishedKey(notices.get(0))).as("notices are DKIM-signed too").extracting(
                r -> r.getDToken().toString()).containsExactly("hub.localhost");
    }

    private static String returnPath(MimeMessage m) {
        return MailFixture.header(m, "Return-Path").replaceAll("^<|>$", "");
    }

    private static boolean disabled(String email) {
        return db.jdbc().queryLong("SELECT COUNT(*) FROM representative WHERE email = ? AND delivery_disabled_at IS NOT NULL",
                email) == 1;
    }

    @Test
    @Order(5)
    void oneClickPostShouldUnsubscribeAndATamperedTokenBeRefused() throws Exception {
        assertThat(cli("list", "one-click", "finance", "always")).contains("finance@ one-click copies: always");
        assertThat(cli("list", "show")).containsPattern("(?m)^finance .* 3 immediate, .*one-click always +3 personal copies");
        String id = newMessageId();
        SmtpClient.send(config.smtpPort(), "carol@bank-two.example", List.of("finance@hub.localhost"),
                post(id, "carol@bank-two.example", "finance@hub.localhost", "TLP:GREEN Last one for Bob", "Bye."));
        awaitCopies(id, 2);
        String header = MailFixture.header(MailFixture.copy(smarthost, "bob@bank-one.example", id), "List-Unsubscribe");
        String link = header.replaceAll("(?s)^<([^>]+)>.*$", "$1");
        assertThat(link).as("finance is set to one-click always").startsWith(publicZone.url("/unsubscribe/"));
        assertThat(returnPath(MailFixture.copy(smarthost, "bob@bank-one.example", id)))
                .matches("finance-bounces\\+bob=bank-one\\.example\\+\\d+-[a-z2-7]{8}@hub\\.localhost");
        String token = link.substring(link.lastIndexOf('/') + 1);
        String payload = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                StandardCharsets.UTF_8);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.replace("bob@", "alice@")
                .getBytes(StandardCharsets.UTF_8));
        String tampered = publicZone.url("/unsubscribe/" + forgedPayload + token.substring(token.indexOf('.')));

        HttpClient http = HttpClient.newBuilder().sslContext(MailFixture.tls().clientContext()).build();
        HttpResponse<String> refused = http.send(oneClick(tampered), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        MembershipRepository members = new MembershipRepository(db.jdbc());
        assertThat(members.modeOf(members.findRepresentative("alice@bank-one.example").orElseThrow(),
                members.findList("finance").orElseThrow())).isEqualTo(DeliveryMode.IMMEDIATE);

        HttpResponse<String> done = http.send(oneClick(link), HttpResponse.BodyHandlers.ofString());
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(members.modeOf(members.findRepresentative("bob@bank-one.example").orElseThrow(),
                members.findList("finance").orElseThrow())).isEqualTo(DeliveryMode.OFF);
        String next = newMessageId();
        SmtpClient.send(config.smtpPort(), "carol@bank-two.example", List.of("finance@hub.localhost"),
                post(next, "carol@bank-two.example", "finance@hub.localhost", "TLP:GREEN After Bob left", "Hi."));
        assertThat(awaitCopies(next, 1)).isEqualTo(Map.of("alice@bank-one.example", 1));
    }

    @Test
    @Order(2)
    void everyMemberShouldGetTheSameSignedBytesExceptWhereAMailboxProviderNeedsOneClick() throws Exception {
        String id = newMessageId();
        SmtpClient.send(config.smtpPort(), "frank@labs.example", List.of("all@hub.localhost"),
                post(id, "frank@labs.example", "all@hub.localhost", "TLP:GREEN One signature", "For everyone."));
        awaitCopies(id, 5);
        Map<String, String> signatures = new java.util.TreeMap<>();
        for (String member : List.of("alice@bank-one.example", "bob@bank-one.example", "carol@bank-two.example",
                "erin@clinic.example", "dan@hospital.example")) {
            MimeMessage copy = MailFixture.copy(smarthost, member, id);
            assertThat(verifyWithPublishedKey(copy)).as(member).extracting(r -> r.getDToken().toString())
                    .contains("hub.localhost");
            signatures.put(member, MailFixture.header(copy, "DKIM-Signature").replaceAll("\\s+", ""));
            if (member.startsWith("dan@")) {
                assertThat(MailFixture.header(copy, "List-Unsubscribe")).as("hospital.example's MX is Gmail's")
                        .startsWith("<" + publicZone.url("/unsubscribe/"));
                assertThat(MailFixture.header(copy, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
                assertThat(returnPath(copy)).matches("all-bounces\\+dan=hospital\\.example\\+\\d+-[a-z2-7]{8}@hub\\.localhost");
            } else {
                assertThat(MailFixture.header(copy, "List-Unsubscribe")).matches("(?s)<mailto:all-request@hub\\.localhost"
                        + "\\?subject=unsubscribe>,\\s*<" + java.util.regex.Pattern.quote(publicZone.url("/subscriptions")) + ">");
                assertThat(MailFixture.header(copy, "List-Unsubscribe-Post")).isNull();
                assertThat(returnPath(copy)).matches("all-bounces\\+\\d+-[a-z2-7]{8}@hub\\.localhost");
            }
        }
        assertThat(signatures.entrySet().stream().filter(e -> !e.getKey().startsWith("dan@")).map(Map.Entry::getValue)
                .distinct()).as("one signature for the shared copy").hasSize(1);
        assertThat(signatures.get("dan@hospital.example")).isNotEqualTo(signatures.get("erin@clinic.example"));
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM mail_domain WHERE domain = 'hospital.example' AND one_click"))
                .isEqualTo(1);
        assertThat(cli("list", "show")).containsPattern("(?m)^all .*one-click providers +1 personal copies");
    }

    private static String cli(String... args) {
        java.util.List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--db-url", dbUrl, "--db-user", TestDatabase.user(), "--db-password-file",
                TestDatabase.passwordFile(), "--data-dir", dataDir.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(AdminCli.execute(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new)))
                .as(err.toString()).isZero();
        return out.toString();
    }

    private static HttpRequest oneClick(String url) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("List-Unsubscribe=One-Click")).build();
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Posts built to break the pipeline (found by attacking a running hub: an HTML body of blank lines
 * that overflowed the HTML-to-text regex, runs of {@code a.a.a.} that overflowed the domain and
 * address patterns, with more alike) more times than there are spool threads, then a normal post:
 * the normal post is delivered within seconds, before and after a restart.
 */
class PoisonMailTest {
    private static final Duration SOON = Duration.ofSeconds(20);
    private static final String SENDER = "alice@bank-one.example";
    private static final String LIST = "finance@hub.localhost";

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubDatabase db;
    private static HubConfig config;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("poison");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
    }

    @AfterAll
    static void stop() {
        db.close();
        smarthost.stop();
    }

    /** A post whose body travels in base64 (in 76-character lines), so decoded lines can be as long as an attacker likes. */
    private static byte[] mail(String id, String subject, String contentType, String body) {
        String encoded = java.util.Base64.getMimeEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8));
        return ("From: " + SENDER + "\r\nTo: " + LIST + "\r\nSubject: " + subject + "\r\nMessage-ID: " + id
                + "\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType
                + "\r\nContent-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The hostile posts: each kind several times, more than the hub has spool threads. */
    static List<byte[]> poison() {
        List<byte[]> out = new ArrayList<>();
        String blankLines = "<html><body><p>start</p>" + "\n \n\t\n".repeat(14_000) + "<p>end</p></body></html>";
        String labels = "see " + "a.".repeat(20_000) + " and " + "x@" + "a.".repeat(20_000) + "com";
        String nested = "<div>".repeat(30_000) + "deep" + "</div>".repeat(30_000);
        String tlp = "TLP " + " ".repeat(30_000) + "x " + "TLP:".repeat(10_000);
        String url = "http://e.com" + ".".repeat(60_000) + "x and " + "1.".repeat(20_000) + "1";
        for (int i = 0; i < 10; i++) {
            out.add(mail("<poison-html-" + i + "@attacker.example>", "TLP:GREEN poison html " + i,
                    "text/html; charset=utf-8", blankLines));
            out.add(mail("<poison-labels-" + i + "@attacker.example>", "TLP:GREEN poison labels " + i,
                    "text/plain; charset=utf-8", labels));
        }
        for (int i = 0; i < 3; i++) {
            out.add(mail("<poison-nested-" + i + "@attacker.example>", "TLP:GREEN poison nested " + i,
                    "text/html", nested));
            out.add(mail("<poison-tlp-" + i + "@attacker.example>", "TLP:GREEN poison tlp " + i, "text/plain", tlp));
            out.add(mail("<poison-url-" + i + "@attacker.example>", "TLP:GREEN poison url " + i, "text/plain", url));
        }
        return out;
    }

    private static void postAndExpectDelivery(String id, String subject) throws Exception {
        SmtpClient.Result r = SmtpClient.send(config.smtpPort(), SENDER, List.of(LIST),
                mail(id, subject, "text/plain", "A normal alert after the attack."));
        assertThat(r.accepted()).as("250 for the normal post").isTrue();
        await(subject + " delivered").atMost(SOON)
                .until(() -> MailFixture.copiesOf(smarthost, id).keySet().containsAll(
                        List.of("bob@bank-one.example", "carol@bank-two.example")));
    }

    private static long inErrorRepository() throws Exception {
        Path dir = dataDir.resolve("james/var/mail/error");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void poisonPostsShouldNeverStopTheNextPostAlsoAcrossARestart() throws Exception {
        try (HubServer server = new HubServer(config).start()) {
            for (byte[] p : poison()) {
                SmtpClient.Result r = SmtpClient.send(config.smtpPort(), SENDER, List.of(LIST), p);
                assertThat(r.accepted()).as("250 for a poison post: %s", r).isTrue();
            }

            postAndExpectDelivery("<after-poison@client.example>", "TLP:GREEN normal post after the poison");

            // Every poison post was either archived with its readable text or set aside: none is lost.
            await().atMost(Duration.ofSeconds(60)).until(() -> db.jdbc().queryLong(
                    "SELECT COUNT(*) FROM submission WHERE subject LIKE 'TLP:GREEN poison %'") + inErrorRepository()
                    >= poison().size());
            assertThat(db.jdbc().queryOne("SELECT text_body FROM submission WHERE subject = ?",
                    rs -> rs.getString(1), "TLP:GREEN poison html 0").orElseThrow()).startsWith("start").endsWith("end");
        }

        try (HubServer again = new HubServer(config).start()) {
            postAndExpectDelivery("<after-restart@client.example>", "TLP:GREEN normal post after the restart");
        }
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * A mail that spends more than its time budget in the pipeline is set aside, its sender told, the
 * hub reports itself degraded while it runs over, and the next mail goes through. The stall is
 * real: the test holds a write lock on the archive table, so the post waits in MariaDB.
 */
class MailBudgetTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        url = TestDatabase.freshUrl("budget");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new HubServer(MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(
                HubConfigLoader.METRICS_PORT, Integer.toString(port),
                HubConfigLoader.MAIL_BUDGET, "2"))).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        db.close();
        smarthost.stop();
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort()
                + path)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static byte[] post(String id, String subject) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nMessage-ID: " + id + "\r\nSubject: "
                + subject + "\r\n\r\nbudget body\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean keptOverBudget(String id) throws Exception {
        Path dir = dataDir.resolve("james/var/mail/over-budget");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> {
                try {
                    return Files.readString(f, StandardCharsets.ISO_8859_1).contains(id);
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void aMailOverItsBudgetShouldBeSetAsideWithItsSenderToldAndTheHubDegradedMeanwhile() throws Exception {
        assertThat(get("/health/ready")).contains("\"status\":\"up\"");
        String stuck = "<over-budget@bank-one.example>";
        try (Connection c = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
             Statement s = c.createStatement()) {
            s.execute("LOCK TABLES submission WRITE");
            try {
                SmtpClient.Result r = SmtpClient.send(server.config().smtpPort(), "alice@bank-one.example",
                        List.of("finance@hub.localhost"), post(stuck, "TLP:GREEN stalled post"));
                assertThat(r.accepted()).isTrue();

                String health = await().atMost(WAIT).until(() -> get("/health/ready"), h -> h.contains("degraded"));
                assertThat(health).contains("\"mails_over_budget\":1");
            } finally {
                s.execute("UNLOCK TABLES");
            }
        }

        await().atMost(WAIT).until(() -> keptOverBudget(stuck));
        javax.mail.internet.MimeMessage notice = await().atMost(WAIT).until(() -> MailFixture.inbox(smarthost,
                "alice@bank-one.example").stream().filter(m -> stuck.equals(MailFixture.header(m, "In-Reply-To")))
                .findFirst(), Optional::isPresent).get();
        assertThat(String.valueOf(MailFixture.header(notice, "Subject"))).startsWith("Set aside");
        assertThat(MailFixture.text(notice)).contains("took longer than the hub allows one message (2 s)");
        await().atMost(WAIT).until(() -> get("/health/ready").contains("\"status\":\"up\""));
        assertThat(get("/metrics")).contains("infohub_mails_set_aside_over_budget_total 1.0");

        // the next post goes through at once
        String next = "<after-budget@bank-one.example>";
        assertThat(SmtpClient.send(server.config().smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                post(next, "TLP:GREEN next post")).accepted()).isTrue();
        await().atMost(WAIT).until(() -> MailFixture.copiesOf(smarthost, next).size() == 2);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .until(() -> MailFixture.copiesOf(smarthost, stuck).isEmpty());
    }
}

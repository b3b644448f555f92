package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** The limits that protect the hub, answered at SMTP before any data is taken in. */
class LimitsTest {
    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("limits");
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 1)) {
            Members.load(db.jdbc());
        }
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(
                HubConfigLoader.MAX_MESSAGE_KB, "100",
                HubConfigLoader.MAX_RECIPIENTS, "3",
                HubConfigLoader.SENDER_RATE_LIMIT, "3",
                HubConfigLoader.SENDER_RATE_WINDOW, "600"));
        port = config.smtpPort();
        server = new HubServer(config).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        smarthost.stop();
    }

    @Test
    void aLineOverTheLimitShouldRefuseTheWholeMessageWithOneReplyAndDeliverNothing() throws Exception {
        String marker = "<long-line@bank-one.example>";
        String longSubject = "Subject: TLP:RED " + "x".repeat(20 * 1024);
        byte[] message = ("From: alice@bank-one.example\r\nMessage-ID: " + marker + "\r\n" + longSubject
                + "\r\n\r\nlong line body\r\n").getBytes(StandardCharsets.US_ASCII);
        String next = "<after-long-line@bank-one.example>";
        try (SmtpClient c = SmtpClient.connect(port)) {
            assertThat(c.command("MAIL FROM:<alice@bank-one.example>")).startsWith("250");
            assertThat(c.command("RCPT TO:<finance@hub.localhost>")).startsWith("250");

            String reply = c.rawData(message);

            assertThat(reply).startsWith("500").contains("longer than 8192 octets").contains("refused whole");
            // the same session goes on: a second message in it is taken
            assertThat(c.transaction("alice@bank-one.example", List.of("finance@hub.localhost"), ("From: "
                    + "alice@bank-one.example\r\nMessage-ID: " + next + "\r\nSubject: TLP:GREEN after\r\n\r\nok\r\n")
                    .getBytes(StandardCharsets.US_ASCII)).data()).startsWith("250");
            // one reply per command: nothing else was owed, QUIT's own answer comes next
            assertThat(c.command("QUIT")).startsWith("221");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !MailFixture.copiesOf(smarthost, next).isEmpty());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> MailFixture.copiesOf(smarthost, marker).isEmpty());
    }

    @Test
    void aLineAtTheLimitShouldBeTakenAndACommandOverItAnsweredOnce() throws Exception {
        String marker = "<line-at-limit@bank-two.example>";
        String header = "X-Long: ";
        byte[] message = ("From: carol@bank-two.example\r\nMessage-ID: " + marker + "\r\nSubject: TLP:GREEN at the limit\r\n"
                + header + "y".repeat(8192 - header.length()) + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        try (SmtpClient c = SmtpClient.connect(port)) {
            assertThat(c.command("MAIL FROM:<" + "z".repeat(20_000) + "@bank-two.example>")).startsWith("5");
            assertThat(c.command("NOOP")).startsWith("250");
            assertThat(c.command("MAIL FROM:<carol@bank-two.example>")).startsWith("250");
            assertThat(c.command("RCPT TO:<finance@hub.localhost>")).startsWith("250");

            assertThat(c.rawData(message)).startsWith("250");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> !MailFixture.copiesOf(smarthost, marker).isEmpty());
    }

    @Test
    void announcedSizeAboveTheLimitShouldGet552BeforeTheData() throws Exception {
        try (SmtpClient c = new SmtpClient(port)) {
            String reply = c.command("MAIL FROM:<carol@bank-two.example> SIZE=" + 200 * 1024);

            assertThat(reply).startsWith("552");
        }
    }

    @Test
    void tooManyRecipientsShouldGet452ForTheOnesOverTheLimit() throws Exception {
        byte[] message = "From: dan@hospital.example\r\nSubject: x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);

        SmtpClient.Result r = SmtpClient.send(port, "dan@hospital.example", List.of("finance@hub.localhost",
                "healthcare@hub.localhost", "tech@hub.localhost", "all@hub.localhost"), message);

        assertThat(r.rcpts().subList(0, 3)).allMatch(reply -> reply.startsWith("250"));
        assertThat(r.rcpts().get(3)).startsWith("452");
    }

    @Test
    void senderOverTheRateLimitShouldGetATemporaryFailure() throws Exception {
        byte[] message = "From: erin@clinic.example\r\nSubject: TLP:GREEN x\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 3; i++) {
            assertThat(SmtpClient.send(port, "erin@clinic.example", List.of("healthcare@hub.localhost"), message)
                    .accepted()).isTrue();
        }

        SmtpClient.Result fourth = SmtpClient.send(port, "erin@clinic.example", List.of("healthcare@hub.localhost"), message);
        SmtpClient.Result other = SmtpClient.send(port, "frank@labs.example", List.of("tech@hub.localhost"), message);

        assertThat(fourth.mail()).startsWith("451").contains("please try again in");
        assertThat(fourth.accepted()).isFalse();
        assertThat(other.accepted()).isTrue();
    }
}

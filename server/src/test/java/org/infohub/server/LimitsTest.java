package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

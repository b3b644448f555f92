package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The smarthost goes away: deliveries are retried on RemoteDelivery's schedule and arrive when it
 * returns; after the last retry the list owners are told, and the members get nothing.
 */
class SmarthostOutageTest {
    @TempDir
    static Path dataDir;

    private static GreenMail placeholder;
    private static HubServer server;

    @BeforeAll
    static void start() throws Exception {
        placeholder = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("smarthost_outage");
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 1)) {
            Members.load(db.jdbc());
        }
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), placeholder, Map.of(
                HubConfigLoader.RETRY_SCHEDULE, "3*2 seconds", HubConfigLoader.MAX_RETRIES, "3"));
        placeholder.stop();
        server = new HubServer(config).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** A smarthost that is down for business: every connection gets 421 and is closed. */
    private static final class Unavailable implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        private final ServerSocket socket;

        int port() {
            return socket.getLocalPort();
        }

        Unavailable(int port) throws IOException {
            socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept(); OutputStream out = s.getOutputStream()) {
                        connections.incrementAndGet();
                        out.write("421 4.3.2 smarthost down for maintenance\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        // closed
                    }
                }
            }, "unavailable-smarthost");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static byte[] post(String id, String subject) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean ownersToldAbout(String messageId) throws IOException {
        Path dir = dataDir.resolve("james/var/mail/list-owners");
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> {
                try {
                    String text = Files.readString(f, StandardCharsets.ISO_8859_1);
                    return text.contains(messageId) && text.contains("Delivery failed for 2 addresses of finance@hub.localhost");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void deliveriesShouldBeRetriedUntilTheSmarthostReturnsAndOwnersToldWhenRetriesRunOut() throws Exception {
        int smtp = server.config().smtpPort();
        String givenUp = "<given-up@client.example>";
        String retried = "<retried@client.example>";
        GreenMail smarthost;
        // The smarthost the hub knows is the STARTTLS front; what stands behind it changes.
        StartTlsFront front = MailFixture.front(placeholder);
        try (Unavailable down = new Unavailable(0)) {
            front.retarget("127.0.0.1", down.port());
            SmtpClient.send(smtp, "alice@bank-one.example", List.of("finance@hub.localhost"), post(givenUp, "TLP:GREEN lost cause"));
            await().atMost(Duration.ofSeconds(60)).until(() -> ownersToldAbout(givenUp));
            int before = down.connections.get();

            SmtpClient.send(smtp, "alice@bank-one.example", List.of("finance@hub.localhost"), post(retried, "TLP:GREEN retried"));
            await().atMost(Duration.ofSeconds(30)).until(() -> down.connections.get() > before);
        }
        smarthost = MailFixture.smarthost();
        front.retarget("127.0.0.1", smarthost.getSmtp().getPort());
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> MailFixture.copiesOf(smarthost, retried).size() == 2);

            assertThat(MailFixture.copiesOf(smarthost, retried)).isEqualTo(Map.of("bob@bank-one.example", 1,
                    "carol@bank-two.example", 1));
            assertThat(MailFixture.copiesOf(smarthost, givenUp)).isEmpty();
        } finally {
            smarthost.stop();
        }
    }
}

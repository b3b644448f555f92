package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * A receiving server that refuses one member at RCPT ({@code 550 5.1.1 user unknown}), as most
 * bounces happen: each refusal counts like a DSN, delivery stops past the threshold and the owners
 * hear it once; a temporary refusal would not count.
 */
class RefusingSmarthostTest {
    private static final String OWNER = "owner@programme.example";

    @TempDir
    static Path dataDir;

    private static RefusingServer smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static GreenMail unused;

    /** An SMTP server that takes everything except RCPT to the refused address, and keeps what it took. */
    static final class RefusingServer implements AutoCloseable {
        record Taken(List<String> rcpts, String data) {
        }

        final List<Taken> taken = new CopyOnWriteArrayList<>();
        final List<String> refusedRcpts = new CopyOnWriteArrayList<>();
        private final ServerSocket socket;
        private final String refused;

        RefusingServer(String refused) throws IOException {
            this.refused = refused;
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(this::accept, "refusing-smarthost");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    Thread t = new Thread(() -> serve(s), "refusing-smarthost-session");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket s) {
            try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                 OutputStream out = s.getOutputStream()) {
                say(out, "220 refusing.example ESMTP");
                List<String> rcpts = new ArrayList<>();
                String line;
                while ((line = in.readLine()) != null) {
                    String upper = line.toUpperCase(java.util.Locale.ROOT);
                    if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                        say(out, "250 refusing.example");
                    } else if (upper.startsWith("MAIL FROM")) {
                        rcpts.clear();
                        say(out, "250 2.1.0 ok");
                    } else if (upper.startsWith("RCPT TO")) {
                        String rcpt = line.substring(line.indexOf('<') + 1, line.indexOf('>')).toLowerCase(java.util.Locale.ROOT);
                        if (rcpt.equals(refused)) {
                            refusedRcpts.add(rcpt);
                            say(out, "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
                        } else {
                            rcpts.add(rcpt);
                            say(out, "250 2.1.5 ok");
                        }
                    } else if (upper.startsWith("DATA")) {
                        say(out, "354 go ahead");
                        StringBuilder data = new StringBuilder();
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            data.append(line.startsWith("..") ? line.substring(1) : line).append("\r\n");
                        }
                        taken.add(new Taken(List.copyOf(rcpts), data.toString()));
                        say(out, "250 2.0.0 queued");
                    } else if (upper.startsWith("QUIT")) {
                        say(out, "221 bye");
                        return;
                    } else {
                        say(out, "250 ok");
                    }
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        private static void say(OutputStream out, String reply) throws IOException {
            out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        long copiesFor(String rcpt, String messageId) {
            return taken.stream().filter(t -> t.rcpts().contains(rcpt) && t.data().contains(messageId)).count();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static StartTlsFront front;

    @BeforeAll
    static void start() throws Exception {
        smarthost = new RefusingServer("erin@clinic.example");
        unused = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("refusing_smarthost");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        // The refusing server speaks TLS through a front, as a real relay would: the notices to the
        // owners are unlabelled, so they leave only over TLS.
        front = new StartTlsFront("127.0.0.1", 0, MailFixture.tls().serverContext(), "127.0.0.1", smarthost.port());
        server = new HubServer(MailFixture.config(dataDir, Optional.of(url), unused, Map.of(
                HubConfigLoader.SMARTHOST, "127.0.0.1:" + front.port(),
                HubConfigLoader.OWNERS, OWNER,
                HubConfigLoader.BOUNCE_THRESHOLD, "1.5",
                HubConfigLoader.RETRY_SCHEDULE, "1*1 second",
                HubConfigLoader.MAX_RETRIES, "1"))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (front != null) {
            front.close();
        }
        if (server != null) {
            server.stop();
        }
        if (db != null) {
            db.close();
        }
        smarthost.close();
        unused.stop();
    }

    private static String post(String subject) throws IOException {
        String id = "<" + java.util.UUID.randomUUID() + "@client.example>";
        SmtpClient.send(server.config().smtpPort(), "dan@hospital.example", List.of("healthcare@hub.localhost"),
                ("From: dan@hospital.example\r\nTo: healthcare@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                        + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
        return id;
    }

    private static double score(String email) {
        return db.jdbc().queryOne("SELECT bounce_score FROM representative WHERE email = ?", rs -> rs.getDouble(1), email)
                .orElseThrow();
    }

    @Test
    void refusalsAtRcptShouldCountStopDeliveryAndTellTheOwnerOnce() throws Exception {
        post("TLP:GREEN first");
        await().atMost(Duration.ofSeconds(30)).until(() -> score("erin@clinic.example") >= 1.0);
        post("TLP:GREEN second");
        await().atMost(Duration.ofSeconds(30)).until(() -> db.jdbc().queryLong(
                "SELECT COUNT(*) FROM representative WHERE email = ? AND delivery_disabled_at IS NOT NULL",
                "erin@clinic.example") == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> smarthost.taken.stream()
                .anyMatch(t -> t.rcpts().contains(OWNER) && t.data().contains("Delivery stopped for erin@clinic.example")));
        int refusalsBefore = smarthost.refusedRcpts.size();

        String third = post("TLP:GREEN third");
        await().atMost(Duration.ofSeconds(30)).until(() -> db.jdbc().queryLong(
                "SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL", third) == 1);

        // Erin was the third post's only other recipient: had she been tried, the refusal would come
        // within the retry schedule (1 s); nothing may come for several times that.
        await("erin is no longer tried").during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> smarthost.refusedRcpts.size() == refusalsBefore);
        assertThat(smarthost.taken.stream().filter(t -> t.rcpts().contains(OWNER)
                && t.data().contains("Delivery stopped for erin@clinic.example")).count()).isEqualTo(1);
        assertThat(score("erin@clinic.example")).isGreaterThan(1.5);
    }
}

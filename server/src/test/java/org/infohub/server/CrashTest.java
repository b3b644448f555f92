package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.infohub.admin.AdminCli;
import org.infohub.core.db.EmbeddedMariaDb;
import org.infohub.core.db.HubDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The server as a child process on a fresh data directory, killed with SIGKILL in the middle of
 * 1,000 posts over 4 SMTP connections and started again: every post that got 250 is archived
 * exactly once and reaches every recipient at least once. Clients resend what got no answer, as
 * mail servers do.
 */
class CrashTest {
    private static final int POSTS = 1000;
    private static final int CONNECTIONS = 4;
    private static final int KILL_AFTER = 300;
    private static final List<String> RECIPIENTS = List.of("bob@bank-one.example", "carol@bank-two.example");

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static int smtpPort;
    private static Process server;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        smtpPort = MailFixture.freePort();
        Files.writeString(dataDir.resolve("crash.properties"), "smtp.bind=127.0.0.1\nsmtp.sender.rate.limit=1000000\n");
        server = startServer("first");
        StringWriter err = new StringWriter();
        Path csv = dataDir.resolve("members.csv");
        Files.writeString(csv, Members.CSV);
        assertThat(AdminCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "members", "import",
                csv.toString(), "--data-dir", dataDir.toString())).as(err.toString()).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        smarthost.stop();
    }

    private static Process startServer(String name) throws Exception {
        return ChildServer.start(dataDir, dataDir.resolve("crash.properties"), smtpPort, smarthost, name);
    }

    private static String id(int i) {
        return "<crash-" + i + "@client.example>";
    }

    private static byte[] post(int i) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN crash test " + i
                + "\r\nMessage-ID: " + id(i) + "\r\n\r\npost number " + i + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void everyAcceptedPostShouldBeArchivedOnceAndDeliveredAfterASigkill() throws Exception {
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        AtomicInteger resent = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CONNECTIONS; c++) {
            int first = c;
            done.add(clients.submit(() -> {
                SmtpClient client = null;
                for (int i = first; i < POSTS; i += CONNECTIONS) {
                    while (true) {
                        try {
                            if (client == null) {
                                client = new SmtpClient(smtpPort);
                            }
                            if (client.transaction("alice@bank-one.example", List.of("finance@hub.localhost"), post(i))
                                    .accepted()) {
                                accepted.add(i);
                            }
                            break;
                        } catch (IOException e) {
                            // No answer: the server is down. Resend once it is back, as an MTA would.
                            client = null;
                            resent.incrementAndGet();
                            Thread.sleep(200);
                        }
                    }
                }
                if (client != null) {
                    client.close();
                }
                return null;
            }));
        }

        await().atMost(Duration.ofMinutes(3)).until(() -> accepted.size() >= KILL_AFTER);
        long pid = server.pid();
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
        int acceptedBeforeKill = accepted.size();
        server = startServer("second");
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
        clients.shutdown();

        assertThat(accepted).hasSize(POSTS);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1)).until(() -> delivered() == POSTS);
        Map<String, Long> archived = archivedCounts();
        int copies = 0;
        for (int i = 0; i < POSTS; i++) {
            assertThat(archived.get(id(i))).as("archive rows of " + id(i)).isEqualTo(1L);
        }
        for (String r : RECIPIENTS) {
            copies += MailFixture.inbox(smarthost, r).size();
        }
        System.out.printf("crash test: server pid %d killed after %d accepted posts; %d sends resent after the kill; "
                        + "%d posts archived once each; %d copies for %d expected deliveries (%d at-least-once extra)%n",
                pid, acceptedBeforeKill, resent.get(), archived.size(), copies, POSTS * RECIPIENTS.size(),
                copies - POSTS * RECIPIENTS.size());
    }

    /** How many posts have reached every recipient at least once. */
    private static int delivered() {
        Map<String, Set<String>> seen = new ConcurrentHashMap<>();
        for (String r : RECIPIENTS) {
            Set<String> ids = ConcurrentHashMap.newKeySet();
            MailFixture.inbox(smarthost, r).forEach(m -> ids.add(MailFixture.header(m, "Message-ID")));
            seen.put(r, ids);
        }
        int n = 0;
        for (int i = 0; i < POSTS; i++) {
            String id = id(i);
            if (seen.values().stream().allMatch(s -> s.contains(id))) {
                n++;
            }
        }
        return n;
    }

    private static Map<String, Long> archivedCounts() {
        int port = EmbeddedMariaDb.recordedPort(dataDir.resolve("mariadb")).orElseThrow();
        try (HubDatabase db = HubDatabase.connect("jdbc:mariadb://127.0.0.1:" + port + "/" + HubDatabase.EMBEDDED_DATABASE,
                EmbeddedMariaDb.Credentials.read(dataDir.resolve("mariadb")).orElseThrow().user(),
                EmbeddedMariaDb.Credentials.read(dataDir.resolve("mariadb")).orElseThrow().password(), 1)) {
            Map<String, Long> counts = new ConcurrentHashMap<>();
            db.jdbc().query("SELECT message_id, COUNT(*) FROM submission GROUP BY message_id",
                    rs -> counts.put(rs.getString(1), rs.getLong(2)));
            return counts;
        }
    }
}

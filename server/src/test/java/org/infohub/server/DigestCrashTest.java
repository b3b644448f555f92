package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.mail.Multipart;
import javax.mail.internet.MimeMessage;

import org.infohub.admin.AdminCli;
import org.infohub.core.db.HubDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Digests and SIGKILL: the server as a child process, killed while it hands 200 digests to its
 * queue, and killed before digests built by {@code digest send-now} were handed over. After each
 * restart every representative has exactly one digest (one Message-ID) holding exactly the posts
 * they were due: no item lost, no digest built or handed over twice. Deliveries of the same digest
 * twice by SMTP (a kill between the smarthost's 250 and the queue's acknowledgement) are counted
 * and printed, as for posts.
 */
class DigestCrashTest {
    private static final int READERS = 200;

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static int smtpPort;
    private static Process server;
    private static int started;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        smtpPort = MailFixture.freePort();
        Files.writeString(dataDir.resolve("digest.properties"), "smtp.bind=127.0.0.1\nsmtp.sender.rate.limit=1000000\n");
        server = startServer();
        StringBuilder csv = new StringBuilder("organisation,sector,email,name\nPoster Bank,finance,poster@poster.example,Poster\n");
        for (int i = 0; i < READERS; i++) {
            csv.append("Reader Bank ").append(i % 20).append(",finance,reader").append(i).append("@reader.example,Reader ")
                    .append(i).append('\n');
        }
        Path file = dataDir.resolve("members.csv");
        Files.writeString(file, csv);
        assertThat(cli("members", "import", file.toString())).isZero();
        try (HubDatabase db = database()) {
            db.jdbc().execute("INSERT INTO subscription (representative_id, list_id, mode) SELECT r.id, l.id, 'digest' "
                    + "FROM representative r, hub_list l WHERE l.local_part = 'finance' AND r.email LIKE 'reader%'");
        }
    }

    /** The running server's embedded MariaDB, found through the data directory. */
    private static HubDatabase database() {
        return HubDatabase.openForTool(org.infohub.core.config.HubConfigLoader.load(java.util.Optional.empty(),
                Map.of(org.infohub.core.config.HubConfigLoader.DATA_DIR, dataDir.toString())));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(60, TimeUnit.SECONDS);
        }
        smarthost.stop();
    }

    private static int cli(String... args) {
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--data-dir", dataDir.toString())).toArray(String[]::new);
        StringWriter err = new StringWriter();
        int code = AdminCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), all);
        assertThat(code).as(err.toString()).isZero();
        return code;
    }

    private static Process startServer() throws Exception {
        return ChildServer.start(dataDir, dataDir.resolve("digest.properties"), smtpPort, smarthost,
                "run-" + (++started));
    }

    private static void kill() throws Exception {
        server.destroyForcibly();
        server.waitFor(30, TimeUnit.SECONDS);
    }

    private static void post(String messageId) throws Exception {
        byte[] message = ("From: poster@poster.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN " + messageId
                + "\r\nMessage-ID: " + messageId + "\r\n\r\nText\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(SmtpClient.send(smtpPort, "poster@poster.example", List.of("finance@hub.localhost"), message).accepted()).isTrue();
    }

    /**
     * For each reader: the Message-IDs of the digests that arrived in their inbox, and how many
     * copies of each. Readers due the same posts share one digest (To: undisclosed-recipients), so
     * the inbox, not the To: header, tells who got it.
     */
    private static Map<String, Map<String, Integer>> digests(Set<String> seen) throws Exception {
        Map<String, Map<String, Integer>> out = new HashMap<>();
        for (int i = 0; i < READERS; i++) {
            String reader = "reader" + i + "@reader.example";
            for (MimeMessage m : MailFixture.inbox(smarthost, reader)) {
                String listId = MailFixture.header(m, "List-Id");
                if (listId == null || !listId.contains("digest.") || seen.contains(m.getMessageID())) {
                    continue;
                }
                out.computeIfAbsent(reader, k -> new HashMap<>()).merge(m.getMessageID(), 1, Integer::sum);
            }
        }
        return out;
    }

    private static List<String> postsIn(MimeMessage digest) throws Exception {
        Multipart inner = (Multipart) ((Multipart) digest.getContent()).getBodyPart(1).getContent();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < inner.getCount(); i++) {
            ids.add(((MimeMessage) inner.getBodyPart(i).getContent()).getMessageID());
        }
        return ids;
    }

    private static void awaitEveryReaderHasOneDigestOf(List<String> posts, Set<String> before) throws Exception {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> digests(before).size() == READERS);
        Map<String, Map<String, Integer>> got = digests(before);
        int extraCopies = 0;
        for (Map.Entry<String, Map<String, Integer>> reader : got.entrySet()) {
            assertThat(reader.getValue()).as("one digest built and handed over for " + reader.getKey()).hasSize(1);
            extraCopies += reader.getValue().values().iterator().next() - 1;
        }
        System.out.println("digest crash test: " + READERS + " digests, " + extraCopies
                + " delivered twice by SMTP (at-least-once delivery)");
        for (MimeMessage m : smarthost.getReceivedMessages()) {
            String listId = MailFixture.header(m, "List-Id");
            if (listId != null && listId.contains("digest.") && !before.contains(m.getMessageID())) {
                assertThat(postsIn(m)).as("no item lost or doubled").containsExactlyInAnyOrderElementsOf(posts);
            }
        }
    }

    private static Set<String> digestIdsSoFar() throws Exception {
        Set<String> ids = new HashSet<>();
        for (MimeMessage m : smarthost.getReceivedMessages()) {
            String listId = MailFixture.header(m, "List-Id");
            if (listId != null && listId.contains("digest.")) {
                ids.add(m.getMessageID());
            }
        }
        return ids;
    }

    @Test
    void killedWhileHandingDigestsOverAndBeforeHandingThemOverNoItemIsLostAndNoDigestDoubled() throws Exception {
        List<String> first = List.of("<d1@poster.example>", "<d2@poster.example>", "<d3@poster.example>");
        for (String id : first) {
            post(id);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> distributedCount() >= 3);

        // 1. Killed while it hands the digests over: some are on their way, some in the queue, some not yet queued.
        cli("digest", "send-now");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> digests(Set.of()).size() >= 10);
        kill();
        server = startServer();
        awaitEveryReaderHasOneDigestOf(first, Set.of());

        // 2. Killed after the digests were built (by another process) and before any was handed over.
        Set<String> before = digestIdsSoFar();
        List<String> second = List.of("<d4@poster.example>", "<d5@poster.example>");
        for (String id : second) {
            post(id);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> distributedCount() >= 5);
        kill();
        cli("digest", "send-now");
        server = startServer();
        awaitEveryReaderHasOneDigestOf(second, before);
    }

    private static long distributedCount() {
        try (HubDatabase db = database()) {
            return db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE distributed_at IS NOT NULL");
        }
    }
}

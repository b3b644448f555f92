package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.infohub.admin.AdminCli;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * A corpus of hostile and broken messages through the real server: each is either archived with
 * the best text that can be read and distributed, or refused with a reason; the server keeps
 * serving and the index stays searchable.
 */
class BadInputTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SENDER = "alice@bank-one.example";

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("bad_input");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        server = new HubServer(config).start();
    }

    @AfterAll
    static void stop() {
        server.stop();
        db.close();
        smarthost.stop();
    }

    /** The archived subject and text of the post whose subject holds {@code marker}. */
    private static Optional<String[]> archived(String marker) {
        return db.jdbc().queryOne("SELECT subject, text_body FROM submission WHERE subject LIKE ?",
                rs -> new String[] {rs.getString(1), rs.getString(2)}, "%" + marker + "%");
    }

    /** Whether a mail holding {@code marker} is in James's file repository {@code name}. */
    private static boolean keptIn(String name, String marker) throws java.io.IOException {
        Path dir = dataDir.resolve("james").resolve("var").resolve("mail").resolve(name);
        if (!java.nio.file.Files.isDirectory(dir)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.toString().endsWith(".FileStreamStore")) {
                    try (java.io.InputStream in = java.nio.file.Files.newInputStream(f)) {
                        byte[] head = in.readNBytes(64 * 1024);
                        if (new String(head, StandardCharsets.ISO_8859_1).contains(marker)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    private static boolean copiesArrived(String marker) {
        return Members.FINANCE.stream().filter(m -> !m.equals(SENDER)).allMatch(m -> MailFixture.inbox(smarthost, m)
                .stream().anyMatch(msg -> String.valueOf(MailFixture.header(msg, "Subject")).contains(marker)));
    }

    private static Optional<MimeMessage> notice(String messageId) {
        return MailFixture.inbox(smarthost, SENDER).stream()
                .filter(m -> messageId.equals(MailFixture.header(m, "In-Reply-To"))).findFirst();
    }

    @Test
    void everyHostileMessageShouldBeArchivedAndDistributedOrRefusedWithAReason() throws Exception {
        int port = server.config().smtpPort();
        List<String> outcomes = new ArrayList<>();
        for (HostileCorpus.Item item : HostileCorpus.items(SENDER, "finance@hub.localhost")) {
            SmtpClient.Result r = SmtpClient.send(port, SENDER, List.of("finance@hub.localhost"), item.bytes());

            if (!r.accepted()) {
                String reply = r.data() != null ? r.data() : r.rcpts().toString();
                assertThat(reply).as(item.name()).matches("(?s)5\\d\\d .{10,}");
                outcomes.add(item.name() + ": refused at SMTP: " + reply);
                continue;
            }
            Optional<String[]> row = await().atMost(WAIT).until(() -> archived(item.marker()),
                    a -> a.isPresent() || !item.messageId().isEmpty() && notice(item.messageId()).isPresent());
            if (row.isPresent()) {
                await(item.name() + " distributed").atMost(WAIT).until(() -> copiesArrived(item.marker()));
                outcomes.add(item.name() + ": archived and distributed, text: "
                        + row.get()[1].substring(0, Math.min(40, row.get()[1].length())).replace("\n", " "));
            } else {
                String why = MailFixture.text(notice(item.messageId()).orElseThrow());
                assertThat(why).as(item.name()).contains("What you can do:");
                outcomes.add(item.name() + ": refused with a notice");
            }
        }
        System.out.println("bad-input outcomes:\n  " + String.join("\n  ", outcomes));

        assertThat(archived("corpus-broken-boundary")).isEmpty();
        assertThat(MailFixture.text(notice("<corpus-broken-boundary@corpus.example>").orElseThrow()))
                .contains("MIME structure cannot be read");
        assertThat(outcomes).contains("attachment-20mb: refused at SMTP: 552 Quota exceeded");
        assertThat(archived("corpus-bad-base64").orElseThrow()[1]).contains("badbasesixtyfour readable start");
        assertThat(archived("corpus-bad-qp").orElseThrow()[1]).contains("badquotedprintable");
        assertThat(archived("corpus-unknown-charset").orElseThrow()[1]).contains("unknowncharset body");
        assertThat(archived("corpus-nested-200").orElseThrow()[1]).contains("deepnesting innermost text");
        for (String refused : List.of("corpus-nested-3000", "corpus-unbalanced-quote", "corpus-unbalanced-quote-part")) {
            assertThat(archived(refused)).as(refused).isEmpty();
            assertThat(MailFixture.text(notice("<" + refused + "@corpus.example>").orElseThrow()))
                    .as(refused).contains("MIME structure cannot be read");
            // kept where the administrators look, whatever storing it cost
            await(refused + " kept in the refused repository").atMost(WAIT)
                    .until(() -> keptIn("refused", refused));
        }
        assertThat(archived("corpus-no-message-id")).isPresent();
        assertThat(archived("corpus-no-from")).isEmpty();
        assertThat(archived("corpus-long-subject").orElseThrow()[0]).hasSizeLessThanOrEqualTo(4000);

        String marker = "<after-corpus@client.example>";
        SmtpClient.send(port, SENDER, List.of("finance@hub.localhost"), ("From: " + SENDER
                + "\r\nSubject: TLP:GREEN after the corpus\r\nMessage-ID: " + marker + "\r\n\r\npangolin\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        await().atMost(WAIT).until(() -> MailFixture.copiesOf(smarthost, marker).size() == 2);
        String hits = await().atMost(WAIT).until(() -> {
            StringWriter out = new StringWriter();
            AdminCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "search", "pangolin",
                    "--data-dir", dataDir.toString());
            return out.toString();
        }, s -> !s.isBlank());
        assertThat(hits).contains("TLP:GREEN after the corpus");
    }
}

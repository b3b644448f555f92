package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.testing.TestDatabase;

/** The membership, hubs and helpers the fan-out tests share (issue 15). */
final class FanOutFixture {
    static final Duration DELIVERY = Duration.ofSeconds(30);
    /** Seven finance representatives in three organisations, each its own domain. */
    static final String CSV = """
            organisation,sector,email,name
            Bank A,finance,a1@bank-a.example,A One
            Bank A,finance,a2@bank-a.example,A Two
            Bank A,finance,a3@bank-a.example,A Three
            Bank A,finance,a4@bank-a.example,A Four
            Bank A,finance,a5@bank-a.example,A Five
            Bank B,finance,b1@bank-b.example,B One
            Bank B,finance,b2@bank-b.example,B Two
            Insurer C,finance,c1@insurer.example,C One
            """;

    private FanOutFixture() {
    }

    /** A running hub with its own database loaded with {@link #CSV}. */
    record Hub(HubServer server, HubDatabase db, HubConfig config) {
    }

    static Hub hub(Path temp, LoopbackDns dns, String name, String smarthostAddress, Map<String, String> extra)
            throws Exception {
        String url = TestDatabase.freshUrl(name);
        HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        MembershipImport.Result r = new MembershipImport(db.jdbc()).load(new BufferedReader(new StringReader(CSV)));
        assertThat(r.ok()).as(r.errors().toString()).isTrue();
        Map<String, String> settings = new java.util.HashMap<>(extra);
        settings.put(HubConfigLoader.DNS_SERVERS, dns.server());
        HubConfig config = MailFixture.config(Files.createDirectories(temp.resolve(name)), Optional.of(url),
                smarthostAddress, settings);
        return new Hub(new HubServer(config).start(), db, config);
    }

    /** Posts to finance@ from {@code from}, checks the 250, and returns the Message-ID. */
    static String post(Hub hub, String from) throws Exception {
        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: " + from + "\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN Fan-out\r\n"
                + "Message-ID: " + id + "\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nOne signature for all.\r\n.leading dot\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SmtpClient.Result result = SmtpClient.send(hub.config().smtpPort(), from, List.of("finance@hub.localhost"), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
        return id;
    }

    /** The transactions of post {@code id} at {@code sink}, once they name {@code recipients} recipients in all. */
    static List<RecordingSmtpSink.Transaction> awaitAt(RecordingSmtpSink sink, String id, int recipients) {
        return await().atMost(DELIVERY).until(() -> sink.of(id),
                l -> l.stream().mapToInt(t -> t.recipients().size()).sum() >= recipients);
    }

    static Set<Set<String>> groups(List<RecordingSmtpSink.Transaction> transactions) {
        return transactions.stream().map(t -> Set.copyOf(t.recipients())).collect(Collectors.toSet());
    }

    static long seq(Hub hub, String id) {
        return hub.db().jdbc().queryLong("SELECT seq FROM submission WHERE message_id = ?", id);
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the VERP share (here all members) gets return paths of their own on the post's one
 * signed copy; and without a smarthost, one queue item per domain reaches that domain's MX (two
 * "MX" servers on port 25 of loopback addresses, named by the test's DNS). One James per JVM at a
 * time: each test starts its own hub and stops it.
 */
class FanOutVerpAndMxTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String CSV = """
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

    @TempDir
    static Path temp;

    private static LoopbackDns dns;
    private static RecordingSmtpSink verpSink;
    private static RecordingSmtpSink mxA;
    private static RecordingSmtpSink mxB;
    private static Hub verp;
    private static Hub direct;

    private record Hub(HubServer server, HubDatabase db, HubConfig config) {
    }

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDns.passingLoopback();
        dns.mx("bank-a.example", "mx.bank-a.example").mx("insurer.example", "mx.bank-a.example")
                .mx("bank-b.example", "mx.bank-b.example");
        dns.address("mx.bank-a.example", "127.0.0.2").address("mx.bank-b.example", "127.0.0.3");
        verpSink = RecordingSmtpSink.onLoopback();
        mxA = new RecordingSmtpSink("127.0.0.2", 25, true);
        mxB = new RecordingSmtpSink("127.0.0.3", 25, false);
    }

    private static Hub hub(String name, String smarthostAddress, Map<String, String> extra) throws Exception {
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

    @AfterAll
    static void stop() throws Exception {
        for (Hub h : new Hub[] {verp, direct}) {
            if (h != null) {
                h.db().close();
            }
        }
        for (RecordingSmtpSink s : new RecordingSmtpSink[] {verpSink, mxA, mxB}) {
            if (s != null) {
                s.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static String post(Hub hub, String from) throws Exception {
        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: " + from + "\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN Fan-out\r\n"
                + "Message-ID: " + id + "\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nOne signature for all.\r\n.leading dot\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        SmtpClient.Result result = SmtpClient.send(hub.config().smtpPort(), from, List.of("finance@hub.localhost"), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
        return id;
    }

    private static List<RecordingSmtpSink.Transaction> awaitAt(RecordingSmtpSink sink, String id, int recipients) {
        return await().atMost(DELIVERY).until(() -> sink.of(id),
                l -> l.stream().mapToInt(t -> t.recipients().size()).sum() >= recipients);
    }

    private static Set<Set<String>> groups(List<RecordingSmtpSink.Transaction> transactions) {
        return transactions.stream().map(t -> Set.copyOf(t.recipients())).collect(Collectors.toSet());
    }

    private static long seq(Hub hub, String id) {
        return hub.db().jdbc().queryLong("SELECT seq FROM submission WHERE message_id = ?", id);
    }

    @Test
    void theVerpShareShouldGetReturnPathsOfTheirOwnOnTheSameBytes() throws Exception {
        verp = hub("fanout_verp", "127.0.0.1:" + verpSink.port(), Map.of(HubConfigLoader.DELIVERY_VERP_RATE, "1"));
        try {
            verpShare();
        } finally {
            verp.server().stop();
        }
    }

    private void verpShare() throws Exception {
        String id = post(verp, "a1@bank-a.example");
        List<RecordingSmtpSink.Transaction> got = awaitAt(verpSink, id, 7);
        long seq = seq(verp, id);
        assertThat(got).hasSize(7).allMatch(t -> t.recipients().size() == 1);
        for (RecordingSmtpSink.Transaction t : got) {
            String member = t.recipients().get(0);
            assertThat(t.from()).matches("finance-bounces\\+" + member.replace("@", "=").replace(".", "\\.") + "\\+"
                    + seq + "-[a-z2-7]{8}@hub\\.localhost");
        }
        assertThat(got.stream().map(RecordingSmtpSink.Transaction::text).distinct()).hasSize(1);
    }

    @Test
    void withoutASmarthostEachDomainShouldBeOneQueueItemDeliveredToItsMx() throws Exception {
        direct = hub("fanout_direct", "", Map.of());
        try {
            directToMx();
        } finally {
            direct.server().stop();
        }
    }

    private void directToMx() throws Exception {
        String id = post(direct, "a1@bank-a.example");
        List<RecordingSmtpSink.Transaction> atA = awaitAt(mxA, id, 5);
        List<RecordingSmtpSink.Transaction> atB = awaitAt(mxB, id, 2);
        assertThat(groups(atA)).isEqualTo(Set.of(Set.of("a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example",
                "a5@bank-a.example"), Set.of("c1@insurer.example")));
        assertThat(groups(atB)).as("an MX without PIPELINING is served one command at a time")
                .isEqualTo(Set.of(Set.of("b1@bank-b.example", "b2@bank-b.example")));
        Set<String> bodies = new HashSet<>();
        atA.forEach(t -> bodies.add(t.text().substring(t.text().indexOf("DKIM-Signature"))));
        atB.forEach(t -> bodies.add(t.text().substring(t.text().indexOf("DKIM-Signature"))));
        assertThat(bodies).as("the same signed copy for every domain").hasSize(1);
    }
}

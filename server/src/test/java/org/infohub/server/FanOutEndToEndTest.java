package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.infohub.server.FanOutFixture.DELIVERY;
import static org.infohub.server.FanOutFixture.awaitAt;
import static org.infohub.server.FanOutFixture.groups;
import static org.infohub.server.FanOutFixture.hub;
import static org.infohub.server.FanOutFixture.post;
import static org.infohub.server.FanOutFixture.seq;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
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

import org.apache.james.jdkim.DKIMVerifier;
import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.trust.DkimKeys;
import org.infohub.mailet.trust.HubDns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a post is signed once and the same bytes go to every member, in transactions grouped
 * by the members' domains, over smarthost connections kept open between posts, with PIPELINING;
 * refusals count for the member they name and temporary ones are retried.
 */
class FanOutEndToEndTest {
    private static final String OWNER = "owner@programme.example";

    @TempDir
    static Path temp;

    private static LoopbackDns dns;
    private static RecordingSmtpSink smarthost;
    private static FanOutFixture.Hub grouped;

    @BeforeAll
    static void start() throws Exception {
        dns = LoopbackDns.passingLoopback();
        dns.mx("bank-a.example", "mx.bank-a.example").mx("insurer.example", "mx.bank-a.example")
                .mx("bank-b.example", "mx.bank-b.example");
        dns.address("mx.bank-a.example", "127.0.0.2").address("mx.bank-b.example", "127.0.0.3");
        smarthost = RecordingSmtpSink.onLoopback();
        grouped = hub(temp, dns, "fanout_grouped", "127.0.0.1:" + smarthost.port(), Map.of(
                HubConfigLoader.DELIVERY_RECIPIENTS, "3", HubConfigLoader.OWNERS, OWNER));
        dns.txt("infohub._domainkey.hub.localhost", DkimKeys.load(grouped.config().dkimKey()).txtValue());
    }

    @AfterAll
    static void stop() throws Exception {
        for (FanOutFixture.Hub h : new FanOutFixture.Hub[] {grouped}) {
            if (h != null) {
                h.server().stop();
                h.db().close();
            }
        }
        for (RecordingSmtpSink s : new RecordingSmtpSink[] {smarthost}) {
            if (s != null) {
                s.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void theSameSignedBytesShouldGoToEveryMemberGroupedByDomainOverReusedConnections() throws Exception {
        int before = smarthost.connectionsOpened();
        String id = post(grouped, "a1@bank-a.example");
        List<RecordingSmtpSink.Transaction> first = awaitAt(smarthost, id, 7);

        assertThat(groups(first)).as("by domain, Bank B whole, at most 3 recipients a transaction").isEqualTo(Set.of(
                Set.of("a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example"),
                Set.of("a5@bank-a.example", "b1@bank-b.example", "b2@bank-b.example"), Set.of("c1@insurer.example")));
        assertThat(first.stream().map(RecordingSmtpSink.Transaction::from).distinct().toList())
                .containsExactly("finance-bounces+" + seq(grouped, id) + "-" + first.get(0).from()
                        .replaceAll("^.*-([a-z2-7]{8})@.*$", "$1") + "@hub.localhost");
        assertThat(first.get(0).from()).matches("finance-bounces\\+\\d+-[a-z2-7]{8}@hub\\.localhost");
        assertThat(first.stream().map(t -> new String(t.data(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .distinct()).as("one copy, signed once").hasSize(1);
        assertThat(first.stream().filter(t -> t.recipients().size() > 1)).as("MAIL, RCPT and DATA in one write")
                .allMatch(RecordingSmtpSink.Transaction::pipelined);
        byte[] bytes = first.get(0).data();
        String text = first.get(0).text();
        assertThat(text).contains("\r\n.leading dot\r\n").contains("List-Unsubscribe: <mailto:finance-request@hub.localhost");
        int port = Integer.parseInt(dns.server().substring(dns.server().indexOf(':') + 1));
        assertThat(new DKIMVerifier(new HubDns(List.of(new HubConfig.HostAndPort("127.0.0.1", port))).dkimKeys())
                .verify(new ByteArrayInputStream(bytes))).extracting(s -> s.getDToken().toString())
                .containsExactly("hub.localhost");

        post(grouped, "b1@bank-b.example");
        String third = post(grouped, "c1@insurer.example");
        awaitAt(smarthost, third, 7);
        assertThat(smarthost.connectionsOpened() - before).as("three posts, nine transactions, connections kept open")
                .isLessThanOrEqualTo(grouped.config().delivery().connections());
    }

    @Test
    void aRefusalShouldCountForTheMemberItNamesAndATemporaryOneBeRetried() throws Exception {
        smarthost.refuse("b2@bank-b.example", "550 5.1.1 <b2@bank-b.example>: user unknown", 1);
        smarthost.refuse("a3@bank-a.example", "451 4.3.0 try again later", 1);
        String id = post(grouped, "c1@insurer.example");
        List<RecordingSmtpSink.Transaction> got = awaitAt(smarthost, id, 6);
        assertThat(got.stream().flatMap(t -> t.recipients().stream()).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "a1@bank-a.example", "a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example", "a5@bank-a.example",
                "b1@bank-b.example");
        await().atMost(DELIVERY).until(() -> grouped.db().jdbc().queryLong("SELECT COUNT(*) FROM bounce_event e JOIN "
                + "representative r ON r.id = e.representative_id WHERE r.email = 'b2@bank-b.example' AND e.counted") == 1);
        assertThat(grouped.db().jdbc().queryLong("SELECT COUNT(*) FROM bounce_event e JOIN representative r ON "
                + "r.id = e.representative_id WHERE r.email <> 'b2@bank-b.example'")).as("nobody else's").isZero();
        List<RecordingSmtpSink.Transaction> notice = await().atMost(DELIVERY).until(() -> smarthost.transactions().stream()
                .filter(t -> t.recipients().contains(OWNER) && t.text().contains("b2@bank-b.example")).toList(),
                l -> !l.isEmpty());
        assertThat(notice.get(0).text()).contains("550 5.1.1");
    }

    @Test
    void aConnectionLostMidPostLosesNoMember() throws Exception {
        smarthost.dropAtEnd(1);
        String id = post(grouped, "b2@bank-b.example");
        List<RecordingSmtpSink.Transaction> got = await().atMost(DELIVERY).until(() -> smarthost.of(id), l -> l.stream()
                .flatMap(t -> t.recipients().stream()).collect(Collectors.toSet()).size() == 7);
        assertThat(got.stream().flatMap(t -> t.recipients().stream()).collect(Collectors.toSet())).containsExactlyInAnyOrder(
                "a1@bank-a.example", "a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example", "a5@bank-a.example",
                "b1@bank-b.example", "c1@insurer.example");
    }

    /**
     * Digests that each go to one reader (every reader's differs) take the smarthost connections
     * kept open, as a post's copies do, each signed: they used to leave as RemoteDelivery queue
     * items, a connection and a journal write each.
     */
    @Test
    void differentDigestsForOneReaderEachShouldGoOverTheConnectionsKeptOpenSigned() throws Exception {
        List<String> readers = List.of("a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example",
                "a5@bank-a.example", "b1@bank-b.example", "c1@insurer.example");
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(grouped.db().jdbc()),
                new AuditLog(grouped.db().jdbc(), java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
        try {
            // Reader i takes digests from post i on: six readers, six different digests.
            for (int i = 0; i < readers.size(); i++) {
                admin.setSubscription("test", readers.get(i), "finance", DeliveryMode.DIGEST);
                awaitAt(smarthost, post(grouped, "b2@bank-b.example"), 7 - (i + 1));
            }
            int before = smarthost.connectionsOpened();
            assertThat(grouped.server().sendDigestsNow()).isEqualTo(readers.size());
            Map<String, List<RecordingSmtpSink.Transaction>> digests = await().atMost(DELIVERY).until(
                    () -> smarthost.transactions().stream().filter(t -> t.text().contains("Message-ID: <digest-"))
                            .collect(Collectors.groupingBy(t -> String.join(",", t.recipients()))),
                    m -> m.keySet().containsAll(readers));
            assertThat(digests.keySet()).containsExactlyInAnyOrderElementsOf(readers);
            assertThat(digests.values()).allSatisfy(l -> assertThat(l).as("one digest each").hasSize(1));
            assertThat(digests.values().stream().map(l -> l.get(0).text().replaceAll("(?s)^.*Message-ID: (<digest-[^>]+>).*$", "$1"))
                    .distinct()).as("six different digests").hasSize(readers.size());
            int port = Integer.parseInt(dns.server().substring(dns.server().indexOf(':') + 1));
            DKIMVerifier verifier = new DKIMVerifier(new HubDns(List.of(new HubConfig.HostAndPort("127.0.0.1", port))).dkimKeys());
            for (List<RecordingSmtpSink.Transaction> l : digests.values()) {
                assertThat(verifier.verify(new ByteArrayInputStream(l.get(0).data()))).extracting(sig -> sig.getDToken().toString())
                        .containsExactly("hub.localhost");
            }
            assertThat(smarthost.connectionsOpened() - before).as("six digests over the connections kept open")
                    .isLessThanOrEqualTo(grouped.config().delivery().connections()).isLessThan(readers.size());
        } finally {
            for (String r : readers) {
                admin.setSubscription("test", r, "finance", DeliveryMode.IMMEDIATE);
            }
        }
    }
}

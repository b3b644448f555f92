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

    @TempDir
    static Path temp;

    private static LoopbackDns dns;
    private static RecordingSmtpSink verpSink;
    private static RecordingSmtpSink mxA;
    private static RecordingSmtpSink mxB;
    private static FanOutFixture.Hub verp;
    private static FanOutFixture.Hub direct;

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

    @AfterAll
    static void stop() throws Exception {
        for (FanOutFixture.Hub h : new FanOutFixture.Hub[] {verp, direct}) {
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

    @Test
    void theVerpShareShouldGetReturnPathsOfTheirOwnOnTheSameBytes() throws Exception {
        verp = hub(temp, dns, "fanout_verp", "127.0.0.1:" + verpSink.port(), Map.of(HubConfigLoader.DELIVERY_VERP_RATE, "1"));
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
        direct = hub(temp, dns, "fanout_direct", "", Map.of());
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

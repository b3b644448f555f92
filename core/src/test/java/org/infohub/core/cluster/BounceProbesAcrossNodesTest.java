package org.infohub.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.trust.Bounces;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 29: bounce probes across nodes. A member's server that fails bounces the copies of both
 * nodes, so both nodes' pipelines record bounces for the same representative at the same moment,
 * each through its own connection pool. Past the threshold exactly one probe goes out across the
 * nodes, and when the probe's bounce reaches both (a DSN retried on the other MX) delivery stops
 * once and the list owners are told once.
 */
class BounceProbesAcrossNodesTest {
    private static final String REP = "bob@bounce-bank.example";
    private static HubDatabase one;
    private static HubDatabase two;

    @BeforeAll
    static void open() {
        String url = TestDatabase.freshUrl("bounce_nodes_test");
        one = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 4);
        two = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 4);
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(one.jdbc()),
                new AuditLog(one.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        admin.createOrganisation("test", "Bounce Bank", "finance", List.of("bounce-bank.example"));
        admin.addRepresentative("test", REP, "Bob", "Bounce Bank");
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    @Test
    void bouncesOnBothNodesAtOnceSendOneProbeAndStopDeliveryOnce() throws Exception {
        Bounces a = new Bounces(one.jdbc(), Clock.systemUTC(), 3.0, Duration.ofDays(7));
        Bounces b = new Bounces(two.jdbc(), Clock.systemUTC(), 3.0, Duration.ofDays(7));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                a.enable("test", REP);
                // Eight bounces of posts at once, four on each node: the score passes 3 on the way.
                List<Bounces.Outcome> outcomes = atOnce(pool, 8, i -> (i % 2 == 0 ? a : b)
                        .record(REP, "finance", Integer.toString(100 + i), "5.1.1", true, "user unknown").orElseThrow());
                List<String> probes = outcomes.stream().flatMap(o -> o.probeNow().stream()).toList();
                assertThat(probes).as("round %d: one probe across both nodes", round).hasSize(1);
                assertThat(outcomes).noneMatch(Bounces.Outcome::disabledNow);
                assertThat(a.state(REP).disabledAt()).isEmpty();

                // The probe bounces, and the DSN reaches both nodes at once.
                String probe = probes.get(0);
                List<Bounces.Outcome> probeBounces = atOnce(pool, 4, i -> (i % 2 == 0 ? a : b)
                        .record(REP, "finance", probe, "5.1.1", true, "user unknown").orElseThrow());
                assertThat(probeBounces.stream().filter(Bounces.Outcome::disabledNow))
                        .as("round %d: delivery stops once, the owners told once", round).hasSize(1);
                assertThat(probeBounces).allMatch(o -> o.probeNow().isEmpty());
                assertThat(b.state(REP).disabledAt()).isPresent();
            }
            long disableRecords = one.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE action = 'rep.delivery.disable'");
            assertThat(disableRecords).as("one audit record a round").isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    private interface Call {
        Bounces.Outcome run(int i) throws Exception;
    }

    /** {@code n} calls started together. */
    private static List<Bounces.Outcome> atOnce(ExecutorService pool, int n, Call call) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Bounces.Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            Callable<Bounces.Outcome> c = () -> {
                start.await();
                return call.run(k);
            };
            futures.add(pool.submit(c));
        }
        start.countDown();
        List<Bounces.Outcome> out = new ArrayList<>();
        for (Future<Bounces.Outcome> f : futures) {
            out.add(f.get());
        }
        return out;
    }
}

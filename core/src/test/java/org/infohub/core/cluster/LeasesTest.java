package org.infohub.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 29, a first step: two nodes on one MariaDB, each with its own connection pool, ask for the
 * same job's lease; exactly one holds it, renews it while alive, and the other takes it over once
 * the holder stops renewing (dies) or gives it back (stops in order).
 */
class LeasesTest {
    private static HubDatabase one;
    private static HubDatabase two;

    @BeforeAll
    static void open() {
        String url = TestDatabase.freshUrl("leases_test");
        one = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 4);
        two = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 4);
    }

    @AfterAll
    static void close() {
        one.close();
        two.close();
    }

    @Test
    void oneNodeHoldsAJobAndTheOtherTakesItOverWhenTheHolderStopsRenewing() {
        Leases a = new Leases(one.jdbc(), "node-a");
        Leases b = new Leases(two.jdbc(), "node-b");

        assertThat(a.acquire("digests", Duration.ofSeconds(2))).isTrue();
        assertThat(b.acquire("digests", Duration.ofSeconds(2))).isFalse();
        assertThat(a.acquire("digests", Duration.ofSeconds(2))).as("the holder renews").isTrue();
        assertThat(b.acquire("consent-mail", Duration.ofSeconds(2))).as("another job is free").isTrue();

        // node-a dies: it renews no more; node-b takes the job once the lease has run out, not before.
        assertThat(b.acquire("digests", Duration.ofSeconds(2))).isFalse();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> b.acquire("digests", Duration.ofSeconds(2)));
        assertThat(a.acquire("digests", Duration.ofSeconds(2))).as("the old holder, back, waits its turn").isFalse();

        // An orderly stop gives the lease back at once.
        b.release("digests");
        assertThat(a.acquire("digests", Duration.ofSeconds(2))).isTrue();
    }

    @Test
    void nodesAskingTogetherGetOneHolder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String job = "race-" + round;
                List<Callable<Boolean>> asks = new java.util.ArrayList<>();
                for (int n = 0; n < 8; n++) {
                    Leases l = new Leases((n % 2 == 0 ? one : two).jdbc(), "node-" + n);
                    asks.add(() -> {
                        try {
                            return l.acquire(job, Duration.ofSeconds(30));
                        } catch (RuntimeException deadlockOrTimeout) {
                            // a node that could not ask this time asks again at its next tick: it holds nothing
                            return false;
                        }
                    });
                }
                long holders = 0;
                for (Future<Boolean> f : pool.invokeAll(asks)) {
                    holders += f.get() ? 1 : 0;
                }
                assertThat(holders).as(job).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

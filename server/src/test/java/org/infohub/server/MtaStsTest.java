package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.infohub.core.config.HubConfigLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * Issue 24, MTA-STS (RFC 8461) for delivery straight to members' MX, with the hub's own DNS on
 * loopback and an HTTPS server on port 443 serving each domain's policy: bank-a.example enforces
 * and its MX shows a certificate naming it, so its members get the post over TLS; bank-b.example
 * enforces but its MX shows a trusted certificate for another name, and insurer.example's policy
 * allows an MX it does not use: their members get nothing, however often it is retried. Read at
 * the receiving servers.
 */
class MtaStsTest {
    @TempDir
    static Path temp;

    private static LoopbackDns dns;
    private static RecordingSmtpSink mxA;
    private static RecordingSmtpSink mxB;
    private static HttpsServer policies;

    private static final Map<String, String> POLICY = Map.of(
            "mta-sts.bank-a.example", "version: STSv1\nmode: enforce\nmx: mx.bank-a.example\nmax_age: 86400\n",
            "mta-sts.bank-b.example", "version: STSv1\nmode: enforce\nmx: mx.bank-b.example\nmax_age: 86400\n",
            "mta-sts.insurer.example", "version: STSv1\nmode: enforce\nmx: mx.insurer.example\nmax_age: 86400\n");

    @BeforeAll
    static void start() throws Exception {
        TestTls web = TestTls.make(Files.createDirectories(temp.resolve("web")), "mta-sts.bank-a.example",
                "dns:mta-sts.bank-a.example,dns:mta-sts.bank-b.example,dns:mta-sts.insurer.example");
        TestTls a = TestTls.make(Files.createDirectories(temp.resolve("a")), "mx.bank-a.example", "dns:mx.bank-a.example");
        TestTls wrong = TestTls.make(Files.createDirectories(temp.resolve("wrong")), "wrong.example", "dns:wrong.example");
        Path trust = TestTls.trustStoreOf(temp.resolve("trust.p12"), List.of(web, a, wrong));
        System.setProperty("mtasts.test.trust", trust.toString());

        dns = LoopbackDns.passingLoopback();
        for (String d : List.of("bank-a.example", "bank-b.example", "insurer.example")) {
            dns.txt("_mta-sts." + d, "v=STSv1; id=20261204T000000;");
            dns.address("mta-sts." + d, "127.0.0.9");
        }
        dns.mx("bank-a.example", "mx.bank-a.example").mx("insurer.example", "mx.bank-a.example")
                .mx("bank-b.example", "mx.bank-b.example");
        dns.address("mx.bank-a.example", "127.0.0.10").address("mx.bank-b.example", "127.0.0.11");
        mxA = new RecordingSmtpSink("127.0.0.10", 25, true).offerTls(a.serverContext());
        mxB = new RecordingSmtpSink("127.0.0.11", 25, true).offerTls(wrong.serverContext());

        policies = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.9"), 443), 10);
        policies.setHttpsConfigurator(new HttpsConfigurator(web.serverContext()));
        policies.createContext("/.well-known/mta-sts.txt", ex -> {
            String host = String.valueOf(ex.getRequestHeaders().getFirst("Host")).replaceAll(":\\d+$", "");
            byte[] body = POLICY.getOrDefault(host, "").getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(body.length == 0 ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        policies.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (policies != null) {
            policies.stop(0);
        }
        for (RecordingSmtpSink s : new RecordingSmtpSink[] {mxA, mxB}) {
            if (s != null) {
                s.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void enforcedPoliciesShouldLetMailGoOnlyToTheirMxOverVerifiedTls() throws Exception {
        FanOutFixture.Hub hub = FanOutFixture.hub(temp, dns, "mta_sts", "", Map.of(
                HubConfigLoader.RETRY_SCHEDULE, "30*2 seconds", HubConfigLoader.MAX_RETRIES, "30",
                HubConfigLoader.OUTGOING_TRUSTSTORE, System.getProperty("mtasts.test.trust"),
                HubConfigLoader.OUTGOING_TRUSTSTORE_PASSWORD, "changeit"));
        try {
            String id = FanOutFixture.post(hub, "a1@bank-a.example");

            List<RecordingSmtpSink.Transaction> atA = FanOutFixture.awaitAt(mxA, id, 4);
            assertThat(atA).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(atA.stream().flatMap(t -> t.recipients().stream()))
                    .containsExactlyInAnyOrder("a2@bank-a.example", "a3@bank-a.example", "a4@bank-a.example",
                            "a5@bank-a.example");
            // bank-b's MX names another host; insurer.example's policy does not allow mx.bank-a.example.
            await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> mxB.of(id).isEmpty()
                    && mxA.of(id).stream().noneMatch(t -> t.recipients().contains("c1@insurer.example")));
            assertThat(hub.db().jdbc().queryLong("SELECT COUNT(*) FROM mta_sts_policy WHERE domain IN "
                    + "('bank-a.example', 'bank-b.example', 'insurer.example')")).as("the policies are kept").isEqualTo(3);
        } finally {
            hub.server().stop();
            hub.db().close();
        }
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.member.DeliveryMode;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, the TLP floor on the wire: TLP:AMBER copies (and unlabelled ones, which are AMBER)
 * never leave without TLS, whatever the policy. Read at the receiving servers themselves (SMTP
 * servers that record whether each transaction came over STARTTLS): to members' own MX, a server
 * that offers STARTTLS gets GREEN and AMBER encrypted, one that offers none gets the GREEN post in
 * clear text and holds nothing AMBER until it offers TLS; through a smarthost that offers none, the
 * AMBER copies wait, the console, {@code /metrics} and the owners say which domains, and they go
 * out encrypted once it does. One James per JVM at a time: each test starts its own hub.
 */
class TlsFloorTest {
    private static final String OWNER = "owner@hub-operator.example";

    @TempDir
    static Path temp;

    private static LoopbackDns dns;
    private static RecordingSmtpSink withTls;
    private static RecordingSmtpSink withoutTls;
    private static RecordingSmtpSink smarthost;
    private static TestTls certificate;

    @BeforeAll
    static void start() throws Exception {
        certificate = MailFixture.tls();
        dns = LoopbackDns.passingLoopback();
        dns.mx("bank-a.example", "mx.bank-a.example").mx("insurer.example", "mx.bank-a.example")
                .mx("bank-b.example", "mx.bank-b.example").mx("digest-only.example", "mx.bank-b.example");
        dns.address("mx.bank-a.example", "127.0.0.6").address("mx.bank-b.example", "127.0.0.7");
        withTls = new RecordingSmtpSink("127.0.0.6", 25, true).offerTls(certificate.serverContext());
        withoutTls = new RecordingSmtpSink("127.0.0.7", 25, true);
        smarthost = RecordingSmtpSink.onLoopback();
    }

    @AfterAll
    static void stop() throws Exception {
        for (RecordingSmtpSink s : new RecordingSmtpSink[] {withTls, withoutTls, smarthost}) {
            if (s != null) {
                s.close();
            }
        }
        if (dns != null) {
            dns.close();
        }
    }

    private static String post(FanOutFixture.Hub hub, String subject) throws Exception {
        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: a1@bank-a.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\n"
                + "Message-ID: " + id + "\r\nDate: Tue, 01 Dec 2026 09:00:00 +0000\r\n\r\nWhat the label allows.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SmtpClient.Result result = SmtpClient.send(hub.config().smtpPort(), "a1@bank-a.example",
                List.of("finance@hub.localhost"), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
        return id;
    }

    private static int recipients(List<RecordingSmtpSink.Transaction> ts) {
        return ts.stream().mapToInt(t -> t.recipients().size()).sum();
    }

    @Test
    void amberShouldWaitForAnMxThatOffersTlsWhileGreenGoesInClearText() throws Exception {
        FanOutFixture.Hub hub = FanOutFixture.hub(temp, dns, "tls_floor_mx", "", Map.of(
                HubConfigLoader.RETRY_SCHEDULE, "30*2 seconds", HubConfigLoader.MAX_RETRIES, "30"));
        try {
            // A domain whose one reader takes digests only: nothing but the digest goes to it.
            MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(hub.db().jdbc()),
                    new AuditLog(hub.db().jdbc(), Clock.systemUTC()), Clock.systemUTC());
            admin.createOrganisation("test", "Digest Only", "finance", List.of("digest-only.example"));
            admin.addRepresentative("test", "d1@digest-only.example", "D One", "Digest Only");
            admin.setSubscription("test", "d1@digest-only.example", "finance", DeliveryMode.DIGEST);
            String green = post(hub, "TLP:GREEN Phishing wave");
            String amber = post(hub, "TLP:AMBER Phishing kit details");
            String unlabelled = post(hub, "Indicators from last night");

            // GREEN follows the policy: encrypted where offered, in clear text where not.
            assertThat(FanOutFixture.awaitAt(withTls, green, 5)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(FanOutFixture.awaitAt(withoutTls, green, 2)).noneMatch(RecordingSmtpSink.Transaction::tls);
            // AMBER (and unlabelled, AMBER by default) reach the server that offers TLS, encrypted...
            assertThat(FanOutFixture.awaitAt(withTls, amber, 5)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(FanOutFixture.awaitAt(withTls, unlabelled, 5)).allMatch(RecordingSmtpSink.Transaction::tls);
            // ...and never the one that offers none, however often they are retried.
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(12))
                    .until(() -> withoutTls.of(amber).isEmpty() && withoutTls.of(unlabelled).isEmpty());
            // The hub knows which domain it keeps back, and through which MX (its EHLO was asked).
            assertThat(hub.db().jdbc().query("SELECT domain, server FROM tls_held", rs -> rs.getString(1) + " " + rs.getString(2)))
                    .containsExactly("bank-b.example MX mx.bank-b.example");
            // The digest reader's domain gets no list copy: its AMBER digest waits, and it is named too.
            await().atMost(Duration.ofSeconds(30)).until(() -> FanOutFixture.seq(hub, amber) > 0
                    && hub.db().jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL",
                    unlabelled) == 1);
            assertThat(hub.server().sendDigestsNow()).isGreaterThanOrEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.db().jdbc().query(
                    "SELECT domain, server FROM tls_held", rs -> rs.getString(1) + " " + rs.getString(2)),
                    l -> l.contains("digest-only.example MX mx.bank-b.example") && l.size() == 2);
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8))
                    .until(() -> withoutTls.transactions().stream().noneMatch(t -> t.recipients().contains("d1@digest-only.example")));

            // The server starts offering STARTTLS: the waiting copies go out on a retry, encrypted.
            withoutTls.offerTls(certificate.serverContext());
            assertThat(FanOutFixture.awaitAt(withoutTls, amber, 2)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(FanOutFixture.awaitAt(withoutTls, unlabelled, 2)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> withoutTls.transactions().stream()
                    .filter(t -> t.recipients().contains("d1@digest-only.example")).toList(), l -> !l.isEmpty()))
                    .as("the digest, once the server offers TLS").allMatch(RecordingSmtpSink.Transaction::tls)
                    .anyMatch(t -> t.text().contains("Phishing kit details"));
            assertThat(Stream.of(withTls, withoutTls).flatMap(s -> s.transactions().stream())
                    .filter(t -> !t.tls()).filter(t -> !t.text().contains(green)))
                    .as("nothing but the GREEN post went in clear text").isEmpty();
        } finally {
            hub.server().stop();
            hub.db().close();
        }
    }

    @Test
    void aSmarthostWithoutTlsShouldHoldAmberTellTheOwnersOnceAndShowTheDomains() throws Exception {
        int metrics = MailFixture.freePort();
        FanOutFixture.Hub hub = FanOutFixture.hub(temp, dns, "tls_floor_smarthost", "127.0.0.1:" + smarthost.port(),
                Map.of(HubConfigLoader.RETRY_SCHEDULE, "30*2 seconds", HubConfigLoader.MAX_RETRIES, "30",
                        HubConfigLoader.OWNERS, OWNER, HubConfigLoader.METRICS_PORT, Integer.toString(metrics)));
        try {
            String green = post(hub, "TLP:GREEN Advisory");
            String amber = post(hub, "TLP:AMBER Incident notes");
            assertThat(FanOutFixture.awaitAt(smarthost, green, 7)).noneMatch(RecordingSmtpSink.Transaction::tls);
            // The domains held, in the database the console and /metrics read.
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.db().jdbc().queryLong(
                    "SELECT COUNT(*) FROM tls_held WHERE domain IN ('bank-a.example', 'bank-b.example', 'insurer.example')") == 3);
            String amber2 = post(hub, "TLP:AMBER Incident notes, part two");
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.db().jdbc().queryLong(
                    "SELECT copies FROM tls_held WHERE domain = 'bank-a.example'") == 8);
            await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10))
                    .until(() -> smarthost.of(amber).isEmpty() && smarthost.of(amber2).isEmpty());

            String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + metrics + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(scrape).contains("infohub_delivery_tls_held{domain=\"bank-b.example\",}")
                    .contains("infohub_queue_depth{queue=\"outgoing-tls\",}");

            // It starts offering STARTTLS: the held copies go out encrypted on a retry.
            smarthost.offerTls(certificate.serverContext());
            assertThat(FanOutFixture.awaitAt(smarthost, amber, 7)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(FanOutFixture.awaitAt(smarthost, amber2, 7)).allMatch(RecordingSmtpSink.Transaction::tls);
            assertThat(recipients(smarthost.of(amber))).isEqualTo(7);
            // The owners were told once per domain, not once per post: one notice for the two posts
            // (itself unlabelled, so it too waited for TLS: it names the post's domains).
            List<RecordingSmtpSink.Transaction> notices = await().atMost(Duration.ofSeconds(30)).until(() ->
                    smarthost.transactions().stream().filter(t -> t.recipients().contains(OWNER))
                            .filter(t -> t.text().contains("kept back for want of TLS")).toList(), l -> !l.isEmpty());
            await().during(Duration.ofSeconds(3)).until(() -> smarthost.transactions().stream()
                    .filter(t -> t.recipients().contains(OWNER)).filter(t -> t.text().contains("kept back for want of TLS"))
                    .count() == 1);
            assertThat(notices.get(0).text()).contains("bank-b.example").contains("insurer.example");
            assertThat(notices.get(0).tls()).isTrue();
            // The next AMBER post goes straight through over TLS, and the domains are no longer held.
            String amber3 = post(hub, "TLP:AMBER After the fix");
            assertThat(FanOutFixture.awaitAt(smarthost, amber3, 7)).allMatch(RecordingSmtpSink.Transaction::tls);
            await().atMost(Duration.ofSeconds(20)).until(() -> hub.db().jdbc().queryLong("SELECT COUNT(*) FROM tls_held") == 0);
            assertThat(smarthost.transactions().stream().filter(t -> !t.tls()).filter(t -> t.text().contains("TLP:AMBER")))
                    .as("no AMBER copy in clear text").isEmpty();
        } finally {
            hub.server().stop();
            hub.db().close();
        }
    }
}

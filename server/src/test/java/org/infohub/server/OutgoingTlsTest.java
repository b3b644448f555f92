package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLContext;

import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's SMTP client to a smarthost that requires STARTTLS and SMTP AUTH, as Postfix on 587 or
 * a cloud relay does (530 to MAIL before both): with policy {@code verify}, the certificate is
 * checked against a private CA's trust store and the host name, the password comes from a file,
 * and every copy travels encrypted and authenticated.
 */
class OutgoingTlsTest {
    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    private static RecordingSmtpSink relay;
    private static HubServer server;
    private static HubDatabase db;

    @BeforeAll
    static void start() throws Exception {
        // The relay's key and certificate for "localhost", and a trust store holding only it.
        TestTls tls = TestTls.make(dir);
        Path trust = tls.trustStore();
        SSLContext serverContext = tls.serverContext();
        relay = RecordingSmtpSink.onLoopback().requireTlsAndAuth(serverContext, "hub-relay-user", "s3cret pass");
        Path passwordFile = Files.writeString(dir.resolve("relay.password"), "s3cret pass\n");

        String url = TestDatabase.freshUrl("outgoing_tls");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        Members.load(db.jdbc());
        server = new HubServer(MailFixture.config(dir.resolve("data"), Optional.of(url), "localhost:" + relay.port(),
                Map.of(HubConfigLoader.SMARTHOST_TLS, "verify",
                        HubConfigLoader.OUTGOING_TRUSTSTORE, trust.toString(),
                        HubConfigLoader.OUTGOING_TRUSTSTORE_PASSWORD, PASSWORD,
                        HubConfigLoader.SMARTHOST_USER, "hub-relay-user",
                        HubConfigLoader.SMARTHOST_PASSWORD_FILE, passwordFile.toString()))).start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
        db.close();
        relay.close();
    }

    @Test
    void everyCopyShouldTravelEncryptedAndAuthenticatedToAVerifiedRelay() throws Exception {
        String id = "<tls-amber@bank-one.example>";
        byte[] post = ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nMessage-ID: " + id
                + "\r\nSubject: TLP:AMBER over TLS\r\n\r\nencrypted on the wire\r\n").getBytes(StandardCharsets.US_ASCII);

        assertThat(SmtpClient.send(server.config().smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                post).accepted()).isTrue();

        List<RecordingSmtpSink.Transaction> copies = await().atMost(Duration.ofSeconds(60))
                .until(() -> relay.of(id), l -> l.stream().flatMap(t -> t.recipients().stream()).distinct().count() == 2);
        assertThat(copies).allMatch(RecordingSmtpSink.Transaction::tls, "sent after STARTTLS")
                .allMatch(t -> "hub-relay-user".equals(t.account()), "sent after AUTH as the configured account");
        assertThat(copies.stream().flatMap(t -> t.recipients().stream()).distinct())
                .containsExactlyInAnyOrder("bob@bank-one.example", "carol@bank-two.example");
    }

    @Test
    void aCertificateNoTrustedAuthorityIssuedShouldKeepTheCopiesForARetryNeverRefuseThem() {
        org.infohub.mailet.delivery.OutgoingTls systemCas = org.infohub.mailet.delivery.OutgoingTls.of(
                org.infohub.mailet.delivery.OutgoingTls.Policy.VERIFY, Optional.empty(), "",
                Optional.of(new org.infohub.mailet.delivery.OutgoingTls.Credentials("hub-relay-user", "s3cret pass")));
        int before = relay.transactions().size();
        try (org.infohub.mailet.delivery.SmtpPool pool = new org.infohub.mailet.delivery.SmtpPool("localhost", relay.port(),
                "hub.localhost", 1, 1, systemCas)) {
            org.infohub.mailet.delivery.SmtpPool.Outcome outcome = pool.send(List.of(new org.infohub.mailet.delivery.Transaction(
                    "finance-bounces@hub.localhost", List.of("bob@bank-one.example"), org.infohub.mailet.delivery.SmtpData.of(
                            "Subject: not to an unverified server".getBytes(StandardCharsets.US_ASCII),
                            new byte[0], "x".getBytes(StandardCharsets.US_ASCII)))));

            assertThat(outcome.delivered()).isZero();
            assertThat(outcome.refused()).as("a TLS failure is no member's fault").isEmpty();
            assertThat(outcome.retry()).hasSize(1);
        }
        assertThat(relay.transactions()).hasSize(before);
    }
}

package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.internet.MimeMessage;

import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Issue 24, with the real parts: Debian's Postfix as the smarthost, refusing mail before STARTTLS
 * as a relay on 587 does and relaying only for a client that authenticated (SASL through Debian's
 * Dovecot, the hub's password read from a file), its certificate from a CA only the hub's trust
 * store knows, under the smarthost's default policy (verify). Posts reach their members through it, and the copies read
 * at the members' server carry Postfix's own record that they came to it over TLS.
 */
class PostfixRelayTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;

    private static GreenMail members;
    private static PostfixRelay postfix;
    private static HubServer server;

    @BeforeAll
    static void start() throws Exception {
        members = MailFixture.smarthost();
        postfix = PostfixRelay.start(members.getSmtp().getPort(), "hub", "relay-secret");
        java.nio.file.Path passwordFile = dataDir.resolve("smarthost.password");
        java.nio.file.Files.writeString(passwordFile, "relay-secret\n");
        String url = TestDatabase.freshUrl("postfix_relay");
        try (HubDatabase db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 1)) {
            Members.load(db.jdbc());
        }
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), "127.0.0.1:" + postfix.port(), Map.of(
                HubConfigLoader.SMARTHOST_TLS, "verify",
                HubConfigLoader.OUTGOING_TRUSTSTORE, postfix.trustStore().toString(),
                HubConfigLoader.OUTGOING_TRUSTSTORE_PASSWORD, "changeit",
                HubConfigLoader.SMARTHOST_USER, "hub",
                HubConfigLoader.SMARTHOST_PASSWORD_FILE, passwordFile.toString()));
        server = new HubServer(config).start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (postfix != null) {
            postfix.close();
        }
        if (members != null) {
            members.stop();
        }
    }

    private static String post(String subject) throws Exception {
        String id = "<" + java.util.UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject
                + "\r\nMessage-ID: " + id + "\r\n\r\nThrough a real relay.\r\n").getBytes(StandardCharsets.US_ASCII);
        SmtpClient.Result result = SmtpClient.send(server.config().smtpPort(), "alice@bank-one.example",
                List.of("finance@hub.localhost"), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
        return id;
    }

    @Test
    void postsShouldReachTheirMembersThroughPostfixOverVerifiedTls() throws Exception {
        // Postfix refuses clear text, as the hub would meet it: the hub must start TLS to be heard.
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", postfix.port())) {
            s.setSoTimeout(10_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            java.io.Writer out = new java.io.OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII);
            in.readLine();
            out.write("HELO client.example\r\nMAIL FROM:<x@client.example>\r\n");
            out.flush();
            in.readLine();
            assertThat(in.readLine()).startsWith("530 5.7.0 Must issue a STARTTLS command first");
        }

        String amber = post("TLP:AMBER Through Postfix");
        String green = post("TLP:GREEN Through Postfix");

        for (String id : List.of(amber, green)) {
            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(members, id),
                    m -> m.equals(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1)));
        }
        MimeMessage copy = MailFixture.copy(members, "carol@bank-two.example", amber);
        String[] received = copy.getHeader("Received");
        assertThat(Arrays.stream(received).filter(r -> r.contains("relay.localhost")))
                .as("Postfix's Received line says TLS").anyMatch(r -> r.contains("using TLS"));
        assertThat(postfix.log()).contains("TLS connection established from localhost").contains("status=sent")
                .as("the hub authenticated (SASL through Dovecot) before Postfix relayed")
                .contains("sasl_method=PLAIN, sasl_username=hub");
    }

    /**
     * What James's RemoteDelivery sends (here the notice to the author of a post whose label cannot
     * be read) goes through the same relay: STARTTLS, then AUTH with the same account.
     */
    @Test
    void remoteDeliverysMailShouldAuthenticateToPostfixToo() throws Exception {
        long before = postfix.log().lines().filter(l -> l.contains("sasl_username=hub")).count();
        String id = post("TLP: ORANGE cannot be read");

        MimeMessage notice = await().atMost(DELIVERY).until(() -> MailFixture.inbox(members, "alice@bank-one.example")
                .stream().filter(m -> id.equals(MailFixture.header(m, "In-Reply-To"))).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(MailFixture.text(notice)).contains("could not be read with certainty");
        assertThat(Arrays.stream(notice.getHeader("Received")).filter(r -> r.contains("relay.localhost")))
                .anyMatch(r -> r.contains("using TLS"));
        // The held post sends no copies: the session that brought the notice is RemoteDelivery's.
        assertThat(postfix.log().lines().filter(l -> l.contains("sasl_username=hub")).count())
                .as("RemoteDelivery's session authenticated").isGreaterThan(before);
    }
}

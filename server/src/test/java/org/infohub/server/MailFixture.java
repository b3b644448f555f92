package org.infohub.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import com.icegreen.greenmail.store.FolderException;
import com.icegreen.greenmail.store.MailFolder;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;

/** What the members' mail server (GreenMail as the hub's smarthost) holds, per inbox. */
final class MailFixture {
    private MailFixture() {
    }

    private static final int PORTS_PER_JVM = 1000;
    private static int nextPort;

    /**
     * A port for a test's listener, free when asked. It comes from a block of this test JVM's own
     * below the system's ephemeral range (32768-60999 on Linux): neither the local port of an
     * outgoing connection nor another JVM's {@code bind(0)} is drawn from there, so the port stays
     * free until its listener binds it, and again while a hub is restarted on it. A port found
     * free with {@code new ServerSocket(0)} did not: a hub restarted on its ports found one taken,
     * most likely by a connection of another test in the seconds between (CI, 2026-12-05).
     */
    static synchronized int freePort() throws IOException {
        String forkName = System.getProperty("infohub.test.fork", "").replaceAll("\\D", "");
        int fork = forkName.isEmpty() ? 0 : Integer.parseInt(forkName);
        int base = 20_000 + (fork % 10) * PORTS_PER_JVM;
        for (int tried = 0; tried < PORTS_PER_JVM; tried++) {
            int port = base + nextPort++ % PORTS_PER_JVM;
            try (ServerSocket s = new ServerSocket(port)) {
                return port;
            } catch (IOException inUse) {
                // taken by a listener of this JVM still open, or by something else on the machine
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * A hub configuration for tests: SMTP on a free loopback port, GreenMail {@code smarthost} as the
     * smarthost, the given data directory and database (empty: the embedded one), then {@code extra}.
     */
    static org.infohub.core.config.HubConfig config(java.nio.file.Path dataDir, java.util.Optional<String> dbUrl,
                                                    GreenMail smarthost, Map<String, String> extra) throws IOException {
        // GreenMail has no STARTTLS: the hub reaches it through a front that offers it, with a
        // certificate from a private CA the hub trusts, under the smarthost's default policy
        // (verify), as a production relay would be reached.
        Map<String, String> o = new HashMap<>();
        o.put(org.infohub.core.config.HubConfigLoader.SMARTHOST_TLS, "verify");
        o.put(org.infohub.core.config.HubConfigLoader.OUTGOING_TRUSTSTORE, tls().trustStore().toString());
        o.put(org.infohub.core.config.HubConfigLoader.OUTGOING_TRUSTSTORE_PASSWORD, tls().password());
        o.putAll(extra);
        return config(dataDir, dbUrl, "127.0.0.1:" + front(smarthost).port(), o);
    }

    private static TestTls tls;
    private static final Map<GreenMail, StartTlsFront> FRONTS = new java.util.IdentityHashMap<>();

    /** The certificate and trust store of the test relays (made once per run). */
    static synchronized TestTls tls() throws IOException {
        if (tls == null) {
            try {
                tls = TestTls.make(java.nio.file.Files.createTempDirectory(
                        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target")).toAbsolutePath(),
                        "infohub-test-tls"));
            } catch (Exception e) {
                throw new IOException("the test certificate cannot be made: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    /** The STARTTLS front of {@code gm} (started at the first call): the address a hub sends to. */
    static synchronized StartTlsFront front(GreenMail gm) throws IOException {
        StartTlsFront f = FRONTS.get(gm);
        if (f == null) {
            f = new StartTlsFront("127.0.0.1", 0, tls().serverContext(), "127.0.0.1", gm.getSmtp().getPort());
            FRONTS.put(gm, f);
        }
        return f;
    }

    /** The same with {@code smarthost} as HOST:PORT, or empty: deliveries go to each domain's MX. */
    static org.infohub.core.config.HubConfig config(java.nio.file.Path dataDir, java.util.Optional<String> dbUrl,
                                                    String smarthost, Map<String, String> extra) throws IOException {
        Map<String, String> o = new HashMap<>();
        o.put(org.infohub.core.config.HubConfigLoader.DATA_DIR, dataDir.toString());
        o.put(org.infohub.core.config.HubConfigLoader.SMTP_BIND, "127.0.0.1");
        o.put(org.infohub.core.config.HubConfigLoader.SMTP_PORT, Integer.toString(freePort()));
        o.put(org.infohub.core.config.HubConfigLoader.SMARTHOST, smarthost);
        // A relay given by address (a scripted or recording server) is taken as it is: STARTTLS
        // when it offers it. Copies at or above the TLS floor still wait for TLS.
        o.put(org.infohub.core.config.HubConfigLoader.SMARTHOST_TLS, "may");
        o.put(org.infohub.core.config.HubConfigLoader.SUBMISSION_PORT, Integer.toString(freePort()));
        o.put(org.infohub.core.config.HubConfigLoader.DNS_SERVERS, sharedDns().server());
        // Return paths are asserted: no member gets a VERP copy by the rotation unless a test asks.
        o.put(org.infohub.core.config.HubConfigLoader.DELIVERY_VERP_RATE, "0");
        // Several test hubs may run on this machine: the metrics listener only where a test asks for it.
        o.put(org.infohub.core.config.HubConfigLoader.METRICS_PORT, "0");
        dbUrl.ifPresent(url -> {
            o.put(org.infohub.core.config.HubConfigLoader.DB_URL, url);
            o.put(org.infohub.core.config.HubConfigLoader.DB_USER, org.infohub.core.testing.TestDatabase.user());
            o.put(org.infohub.core.config.HubConfigLoader.DB_PASSWORD, org.infohub.core.testing.TestDatabase.password());
        });
        o.putAll(extra);
        org.infohub.core.config.HubConfig config = org.infohub.core.config.HubConfigLoader.load(java.util.Optional.empty(), o);
        seedKeys(config);
        return config;
    }

    private static java.nio.file.Path keys;

    /**
     * A fresh data directory gets the STARTTLS key store and DKIM key that one hub of this test JVM
     * made (once) for the default domain, as a restarted hub finds its own: making them costs a
     * hub's first start about 3 s (keytool in a child process, an RSA key), some 40 times a run.
     * TlsKeysTest and the first start of the released server still make their own.
     */
    private static synchronized void seedKeys(org.infohub.core.config.HubConfig config) throws IOException {
        if (config.domain().equals("hub.localhost") && config.trust().tlsKeystore().isEmpty()
                && config.trust().dkimKeyFile().isEmpty() && config.trust().dkimSelector().equals("infohub")) {
            seedKeys(config.dataDir());
        }
    }

    /** The same for a data directory of a hub on the default domain, DKIM selector and key places. */
    static synchronized void seedKeys(java.nio.file.Path data) throws IOException {
        java.nio.file.Path dkim = data.resolve("dkim").resolve("infohub.pem");
        if (java.nio.file.Files.exists(data.resolve("tls")) || java.nio.file.Files.exists(dkim)) {
            return;
        }
        if (keys == null) {
            java.nio.file.Path made = java.nio.file.Files.createTempDirectory(
                    java.nio.file.Files.createDirectories(java.nio.file.Path.of("target")).toAbsolutePath(), "infohub-test-keys");
            Map<String, String> o = new HashMap<>();
            o.put(org.infohub.core.config.HubConfigLoader.DATA_DIR, made.toString());
            org.infohub.core.config.HubConfig template = org.infohub.core.config.HubConfigLoader.load(java.util.Optional.empty(), o);
            TlsKeys.forConfig(template);
            org.infohub.core.trust.DkimKeys.loadOrGenerate(template.dkimKey());
            keys = made;
        }
        copyTree(keys.resolve("tls"), data.resolve("tls"));
        java.nio.file.Files.createDirectories(dkim.getParent());
        java.nio.file.Files.copy(keys.resolve("dkim").resolve("infohub.pem"), dkim,
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }

    private static void copyTree(java.nio.file.Path from, java.nio.file.Path to) throws IOException {
        java.nio.file.Files.createDirectories(to);
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(from)) {
            for (java.nio.file.Path f : files.toList()) {
                java.nio.file.Files.copy(f, to.resolve(f.getFileName()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
    }

    private static LoopbackDns shared;

    /**
     * The DNS every test hub asks unless a test gives its own: each test domain publishes an SPF
     * record that passes mail from loopback, so posts of the other features' tests are authenticated
     * the way a member's own mail server would make them.
     */
    static synchronized LoopbackDns sharedDns() throws IOException {
        if (shared == null) {
            shared = LoopbackDns.passingLoopback();
        }
        return shared;
    }

    /** GreenMail on a free loopback port, standing in for the members' mail servers. */
    static GreenMail smarthost() throws IOException {
        GreenMail gm = new GreenMail(new com.icegreen.greenmail.util.ServerSetup(freePort(), "127.0.0.1",
                com.icegreen.greenmail.util.ServerSetup.PROTOCOL_SMTP));
        gm.start();
        return gm;
    }

    /** Every message in {@code email}'s inbox. */
    static List<MimeMessage> inbox(GreenMail gm, String email) {
        GreenMailUser user = gm.getUserManager().getUserByEmail(email);
        if (user == null) {
            return List.of();
        }
        try {
            MailFolder inbox = gm.getManagers().getImapHostManager().getInbox(user);
            while (true) {
                try {
                    return inbox.getMessages().stream().map(StoredMessage::getMimeMessage).toList();
                } catch (java.util.ConcurrentModificationException delivering) {
                    // GreenMail is storing a message into this inbox right now: read again.
                }
            }
        } catch (FolderException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The copy of the message {@code messageId} in {@code email}'s inbox. */
    static MimeMessage copy(GreenMail gm, String email, String messageId) {
        return inbox(gm, email).stream().filter(m -> messageId.equals(header(m, "Message-ID"))).findFirst()
                .orElseThrow(() -> new AssertionError("no copy of " + messageId + " for " + email));
    }

    /** For each inbox holding a message with {@code messageId}, how many copies it holds. */
    static Map<String, Integer> copiesOf(GreenMail gm, String messageId) {
        Map<String, Integer> copies = new HashMap<>();
        for (GreenMailUser u : gm.getUserManager().listUser()) {
            int n = (int) inbox(gm, u.getEmail()).stream().filter(m -> messageId.equals(header(m, "Message-ID"))).count();
            if (n > 0) {
                copies.put(u.getEmail(), n);
            }
        }
        return copies;
    }

    static String header(MimeMessage m, String name) {
        try {
            return m.getHeader(name, null);
        } catch (MessagingException e) {
            return null;
        }
    }

    static String text(MimeMessage m) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            m.writeTo(out);
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The decoded text a reader sees: every text part, in order (a footer part included). */
    static String body(MimeMessage m) {
        try {
            StringBuilder sb = new StringBuilder();
            collectText(m, sb);
            return sb.toString().replace("\r\n", "\n");
        } catch (IOException | MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void collectText(javax.mail.Part part, StringBuilder sb) throws IOException, MessagingException {
        if (part.isMimeType("multipart/*")) {
            javax.mail.Multipart mp = (javax.mail.Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                collectText(mp.getBodyPart(i), sb);
            }
        } else if (part.isMimeType("text/plain")) {
            sb.append(part.getContent()).append('\n');
        }
    }
}

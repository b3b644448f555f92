package org.infohub.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's Postfix on loopback as the hub's smarthost, with a configuration and queue of its own
 * (nothing of the system's Postfix is used or started): its {@code smtpd} requires STARTTLS before
 * {@code MAIL} ({@code smtpd_tls_security_level = encrypt}, answering {@code 530 5.7.0 Must issue a
 * STARTTLS command first} otherwise, as a relay on 587 does) with a certificate made here, and it
 * relays to {@code relayhost}, where GreenMail plays the members' servers; with an account, only for
 * a client that authenticated (Dovecot's SASL). Its master runs in the
 * foreground as this test's child ({@code postfix start-fg}); its log is {@link #log()}.
 */
final class PostfixRelay implements AutoCloseable {
    static final Path POSTFIX = Path.of("/usr/sbin/postfix");

    private final Path dir;
    private final Process master;
    private Process dovecot;
    private final int port;
    private final Path trustStore;

    private PostfixRelay(Path dir, Process master, int port, Path trustStore) {
        this.dir = dir;
        this.master = master;
        this.port = port;
        this.trustStore = trustStore;
    }

    /** Starts Postfix listening on a free loopback port and relaying to 127.0.0.1:{@code relayPort}. */
    static PostfixRelay start(int relayPort) throws Exception {
        return start(relayPort, null, null);
    }

    /**
     * The same, relaying only for a client that authenticated (SASL PLAIN or LOGIN, after STARTTLS)
     * as {@code user} with {@code password}: Debian's Dovecot answers Postfix's authentication
     * requests, started with a configuration of its own and a password file (nothing of the
     * system's Dovecot is used).
     */
    static PostfixRelay start(int relayPort, String user, String password) throws Exception {
        if (!Files.isExecutable(POSTFIX)) {
            throw new IllegalStateException(POSTFIX + " is missing: install Debian's postfix (.ci/run does)");
        }
        // Under /tmp and open to the postfix user, whose daemons read the configuration and write the data folder.
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "infohub-postfix-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path queue = Files.createDirectories(dir.resolve("queue"));
        Path data = Files.createDirectories(dir.resolve("data"));
        UserPrincipal postfix = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postfix");
        Files.setOwner(data, postfix);
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", conf.resolve("key.pem").toString(),
                "-out", conf.resolve("cert.pem").toString(), "-days", "2", "-subj", "/CN=localhost", "-addext",
                "subjectAltName=DNS:localhost,IP:127.0.0.1"));
        Path trust = dir.resolve("trust.p12");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-importcert", "-noprompt",
                "-alias", "postfix", "-file", conf.resolve("cert.pem").toString(), "-storetype", "PKCS12", "-keystore",
                trust.toString(), "-storepass", "changeit"));
        int port = MailFixture.freePort();
        Files.writeString(conf.resolve("main.cf"), String.join("\n",
                "compatibility_level = 3.6",
                "queue_directory = " + queue,
                "data_directory = " + data,
                "mail_owner = postfix",
                "setgid_group = postdrop",
                "myhostname = relay.localhost",
                "mydomain = localhost",
                "myorigin = relay.localhost",
                "mydestination =",
                "inet_interfaces = 127.0.0.1",
                "inet_protocols = ipv4",
                user == null ? "mynetworks = 127.0.0.0/8" : "mynetworks = 127.0.0.255/32",
                user == null ? "smtpd_relay_restrictions = permit_mynetworks, reject"
                        : "smtpd_relay_restrictions = permit_sasl_authenticated, reject",
                "smtpd_sasl_auth_enable = " + (user == null ? "no" : "yes"),
                "smtpd_sasl_type = dovecot",
                "smtpd_sasl_path = private/auth",
                "smtpd_tls_auth_only = yes",
                "relayhost = [127.0.0.1]:" + relayPort,
                "smtp_dns_support_level = disabled",
                "smtp_tls_security_level = none",
                "smtpd_tls_security_level = encrypt",
                "smtpd_tls_cert_file = " + conf.resolve("cert.pem"),
                "smtpd_tls_key_file = " + conf.resolve("key.pem"),
                "smtpd_tls_received_header = yes",
                "smtpd_tls_loglevel = 1",
                "maillog_file = /dev/stdout",
                "alias_maps =",
                "alias_database =",
                "local_recipient_maps =",
                "biff = no",
                ""), StandardCharsets.US_ASCII);
        StringBuilder master = new StringBuilder("127.0.0.1:" + port + " inet n - n - - smtpd\n");
        for (String[] s : new String[][] {{"pickup", "unix", "n", "60", "1"}, {"cleanup", "unix", "n", "-", "0"},
                {"qmgr", "unix", "n", "300", "1"}, {"tlsmgr", "unix", "-", "1000?", "1"}, {"rewrite", "unix", "-", "-", "-"},
                {"bounce", "unix", "-", "-", "0"}, {"defer", "unix", "-", "-", "0"}, {"trace", "unix", "-", "-", "0"},
                {"verify", "unix", "-", "-", "1"}, {"flush", "unix", "n", "1000?", "0"}, {"proxymap", "unix", "-", "-", "-"},
                {"smtp", "unix", "-", "-", "-"}, {"relay", "unix", "-", "-", "-"}, {"showq", "unix", "n", "-", "-"},
                {"error", "unix", "-", "-", "-"}, {"retry", "unix", "-", "-", "-"}, {"discard", "unix", "-", "-", "-"},
                {"anvil", "unix", "-", "-", "1"}, {"scache", "unix", "-", "-", "1"}, {"postlog", "unix-dgram", "n", "-", "1"}}) {
            String command = switch (s[0]) {
                case "rewrite" -> "trivial-rewrite";
                case "defer", "trace" -> "bounce";
                case "relay" -> "smtp";
                case "retry" -> "error";
                case "postlog" -> "postlogd";
                default -> s[0];
            };
            master.append(String.join(" ", s[0], s[1], s[2], "-", "n", s[3], s[4], command)).append('\n');
        }
        Files.writeString(conf.resolve("master.cf"), master.toString(), StandardCharsets.US_ASCII);
        Path log = dir.resolve("postfix.log");
        Process p = new ProcessBuilder(POSTFIX.toString(), "-c", conf.toString(), "start-fg").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PostfixRelay relay = new PostfixRelay(dir, p, port, trust);
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!p.isAlive()) {
                    throw new IllegalStateException("postfix exited: " + Files.readString(log));
                }
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                } catch (IOException e) {
                    return false;
                }
            });
            if (user != null) {
                relay.startDovecot(user, password);
            }
        } catch (Exception e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    /** Dovecot's authentication service on Postfix's {@code private/auth} socket, with one account. */
    private void startDovecot(String user, String password) throws Exception {
        Path dv = Files.createDirectories(dir.resolve("dovecot"));
        Files.createDirectories(dv.resolve("base"));
        Files.createDirectories(dv.resolve("state"));
        Path users = dv.resolve("users");
        Files.writeString(users, user + ":{PLAIN}" + password + "\n", StandardCharsets.UTF_8);
        Path socket = dir.resolve("queue/private/auth");
        Files.writeString(dv.resolve("dovecot.conf"), String.join("\n",
                "base_dir = " + dv.resolve("base"),
                "state_dir = " + dv.resolve("state"),
                "log_path = /dev/stderr",
                "protocols =",
                "ssl = no",
                "auth_mechanisms = plain login",
                "disable_plaintext_auth = no",
                "passdb {",
                "  driver = passwd-file",
                "  args = scheme=PLAIN username_format=%u " + users,
                "}",
                "userdb {",
                "  driver = static",
                "  args = uid=nobody gid=nogroup",
                "}",
                "service auth {",
                "  unix_listener " + socket + " {",
                "    mode = 0660",
                "    user = postfix",
                "    group = postfix",
                "  }",
                "}",
                ""), StandardCharsets.US_ASCII);
        Path log = dir.resolve("dovecot.log");
        dovecot = new ProcessBuilder(DOVECOT.toString(), "-F", "-c", dv.resolve("dovecot.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (!dovecot.isAlive()) {
                throw new IllegalStateException("dovecot exited: " + Files.readString(log));
            }
            return Files.exists(socket);
        });
    }

    static final Path DOVECOT = Path.of("/usr/sbin/dovecot");

    int port() {
        return port;
    }

    /** A PKCS#12 trust store (password {@code changeit}) holding Postfix's certificate. */
    Path trustStore() {
        return trustStore;
    }

    String log() throws IOException {
        return Files.readString(dir.resolve("postfix.log"), StandardCharsets.UTF_8);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(command.get(0) + " failed: " + out);
        }
    }

    @Override
    public void close() throws Exception {
        if (dovecot != null) {
            dovecot.destroy();
            dovecot.waitFor();
        }
        Process stop = new ProcessBuilder(POSTFIX.toString(), "-c", dir.resolve("conf").toString(), "stop")
                .redirectErrorStream(true).start();
        stop.getInputStream().readAllBytes();
        stop.waitFor();
        master.destroy();
        master.waitFor();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

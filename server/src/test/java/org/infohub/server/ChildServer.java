package org.infohub.server;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The hub server as a child process, for tests that kill it; returns once it takes SMTP connections. */
final class ChildServer {
    private ChildServer() {
    }

    /**
     * With GreenMail as the smarthost: reached through its STARTTLS front, with the test CA's trust
     * store, under the smarthost's default policy (verify).
     */
    static Process start(Path dataDir, Path config, int smtpPort, com.icegreen.greenmail.util.GreenMail smarthost,
                         String name) throws Exception {
        String settings = Files.readString(config);
        if (!settings.contains("delivery.tls.truststore")) {
            TestTls tls = MailFixture.tls();
            Files.writeString(config, settings + "\ndelivery.tls.truststore=" + tls.trustStore()
                    + "\ndelivery.tls.truststore.password=" + tls.password() + "\n");
        }
        return start(dataDir, config, smtpPort, MailFixture.front(smarthost).port(), name);
    }

    /** With a plain SMTP server on {@code smarthostPort} as the smarthost (policy may: STARTTLS if offered). */
    static Process start(Path dataDir, Path config, int smtpPort, int smarthostPort, String name) throws Exception {
        String settings = Files.readString(config);
        if (!settings.contains("smtp.smarthost.tls")) {
            Files.writeString(config, settings + "\nsmtp.smarthost.tls=" + (settings.contains("delivery.tls.truststore")
                    ? "verify" : "may") + "\n");
            settings = Files.readString(config);
        }
        if (!settings.contains("dns.servers")) {
            // The test JVM's DNS stub answers the child too; no submission port is needed.
            Files.writeString(config, settings + "\ndns.servers=" + MailFixture.sharedDns().server()
                    + "\nsmtp.submission.port=0\n");
        }
        if (!settings.contains("hub.domain") && !settings.contains("tls.keystore") && !settings.contains("dkim.")) {
            MailFixture.seedKeys(dataDir);
        }
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dataDir.resolve("server-" + name + ".log");
        Process p = new ProcessBuilder(java.toString(), "-Xmx512m", "-Djames.exit.on.startup.error=false", "-cp",
                classpath, "org.infohub.server.ServerMain", "server", "--config", config.toString(), "--data-dir",
                dataDir.toString(), "--smtp-port", Integer.toString(smtpPort), "--smarthost", "127.0.0.1:" + smarthostPort)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!p.isAlive()) {
                throw new IllegalStateException("server exited: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", smtpPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return p;
    }
}

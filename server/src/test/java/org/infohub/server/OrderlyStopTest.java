package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.infohub.admin.AdminCli;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The server as systemd stops it: SIGTERM to the JVM alone (KillMode=mixed), with its embedded
 * MariaDB as a child process. It stops in order, SMTP and the spool first, then the index, then
 * MariaDB last, with no error from anything that still used the database, and exits with 0.
 */
class OrderlyStopTest {
    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;

    @AfterAll
    static void stopSmarthost() {
        if (smarthost != null) {
            smarthost.stop();
        }
    }

    @Test
    void sigtermStopsSmtpAndTheSpoolThenTheIndexThenMariaDbLastAndExitsWithZero() throws Exception {
        smarthost = MailFixture.smarthost();
        int smtpPort = MailFixture.freePort();
        Path config = dataDir.resolve("stop.properties");
        Files.writeString(config, "smtp.bind=127.0.0.1\nmetrics.port=0\n");
        Process server = ChildServer.start(dataDir, config, smtpPort, smarthost, "stop");
        try {
            Path csv = dataDir.resolve("members.csv");
            Files.writeString(csv, Members.CSV);
            StringWriter err = new StringWriter();
            assertThat(AdminCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "members", "import",
                    csv.toString(), "--data-dir", dataDir.toString())).as(err.toString()).isZero();
            String id = "<" + UUID.randomUUID() + "@bank-one.example>";
            byte[] post = ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN before the stop\r\n"
                    + "Message-ID: " + id + "\r\n\r\nDelivered, archived and indexed before SIGTERM.\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(SmtpClient.send(smtpPort, "alice@bank-one.example", List.of("finance@hub.localhost"), post).accepted())
                    .isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> MailFixture.copiesOf(smarthost, id),
                    m -> m.equals(Map.of("bob@bank-one.example", 1, "carol@bank-two.example", 1)));
            long mariadbPid = Long.parseLong(Files.readString(dataDir.resolve("mariadb/mysqld.pid")).strip());
            assertThat(ProcessHandle.of(mariadbPid)).as("the embedded MariaDB runs").hasValueSatisfying(
                    h -> assertThat(h.isAlive()).isTrue());

            long t0 = System.nanoTime();
            server.destroy(); // SIGTERM, to the JVM only
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long stopMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            String log = Files.readString(dataDir.resolve("server-stop.log"));
            assertThat(server.exitValue()).as(log).isZero();
            String stop = log.substring(log.indexOf("stopping: timers"));
            List<String> order = List.of("stopping: timers", "stopping: SMTP and the spool", "stopping: the index",
                    "stopping: the database", "embedded MariaDB stopped", "stopped in");
            int last = -1;
            for (String step : order) {
                int at = stop.indexOf(step);
                assertThat(at).as(step + " after the step before it, in\n" + stop).isGreaterThan(last);
                last = at;
            }
            // Nothing that still used the database failed under it (socket errors, a pool timeout).
            assertThat(stop.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ") || l.contains("Exception")))
                    .as(stop).isEmpty();
            assertThat(ProcessHandle.of(mariadbPid).map(ProcessHandle::isAlive).orElse(false)).as("MariaDB stopped").isFalse();
            System.out.println("orderly stop: " + stopMillis + " ms from SIGTERM to exit (" + stop.lines()
                    .filter(l -> l.contains("stopped in")).findFirst().orElse("") + ")");
        } finally {
            if (server.isAlive()) {
                server.destroyForcibly();
            }
        }
    }
}

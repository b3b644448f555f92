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
import java.util.concurrent.TimeUnit;

import org.infohub.admin.AdminCli;
import org.junit.jupiter.api.Test;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The server as an operator runs it, on the embedded default with its data directory under /tmp,
 * stopped with SIGTERM (systemd's stop, Ctrl-C) and started again: every member and post is there.
 */
class SigtermRestartTest {
    private static final Duration DELIVERY = Duration.ofSeconds(60);

    private static String cli(Path dataDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        int code = AdminCli.execute(new PrintWriter(out), new PrintWriter(err), all);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    private static byte[] post(String id, String subject) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + id + "\r\n\r\nThe okapiworm campaign.\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void membersAndPostsShouldSurviveASigtermAndRestartOnADataDirectoryUnderTmp() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("/tmp"), "infohub-sigterm-");
        GreenMail smarthost = MailFixture.smarthost();
        int smtpPort = MailFixture.freePort();
        Files.writeString(dataDir.resolve("sigterm.properties"), "smtp.bind=127.0.0.1\n");
        Process first = ChildServer.start(dataDir, dataDir.resolve("sigterm.properties"), smtpPort,
                smarthost, "first");
        Process second = null;
        try {
            Path csv = dataDir.resolve("members.csv");
            Files.writeString(csv, Members.CSV);
            cli(dataDir, "members", "import", csv.toString());
            String id = "<sigterm-1@client.example>";
            assertThat(SmtpClient.send(smtpPort, "alice@bank-one.example", List.of("finance@hub.localhost"),
                    post(id, "TLP:GREEN before the SIGTERM")).accepted()).isTrue();
            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, id).size() == 2);
            await().atMost(DELIVERY).until(() -> cli(dataDir, "search", "okapiworm").contains("before the SIGTERM"));

            first.destroy();
            assertThat(first.waitFor(90, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            second = ChildServer.start(dataDir, dataDir.resolve("sigterm.properties"), smtpPort,
                    smarthost, "second");

            assertThat(cli(dataDir, "stats")).contains("representatives: " + Members.everyone().size());
            assertThat(cli(dataDir, "search", "okapiworm")).contains("before the SIGTERM");
            String after = "<sigterm-2@client.example>";
            assertThat(SmtpClient.send(smtpPort, "alice@bank-one.example", List.of("finance@hub.localhost"),
                    post(after, "TLP:GREEN after the restart")).accepted()).isTrue();
            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, after).size() == 2);
        } finally {
            first.destroy();
            if (second != null) {
                second.destroy();
                second.waitFor(90, TimeUnit.SECONDS);
            }
            smarthost.stop();
            org.apache.commons.io.FileUtils.deleteQuietly(dataDir.toFile());
        }
    }
}

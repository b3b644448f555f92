package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.admin.AdminCli;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.member.MembershipRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** The hub on its embedded default (MariaDB under the data directory), stopped and started again. */
class HubRestartTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubConfig config;

    @BeforeAll
    static void startSmarthost() throws Exception {
        smarthost = MailFixture.smarthost();
        config = MailFixture.config(dataDir, Optional.empty(), smarthost, Map.of());
    }

    @AfterAll
    static void stopSmarthost() {
        smarthost.stop();
    }

    private static byte[] post(String id, String subject, String body) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + id + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String search(String query) {
        StringWriter out = new StringWriter();
        AdminCli.execute(new PrintWriter(out), new PrintWriter(new StringWriter()), "search", query, "--data-dir",
                dataDir.toString());
        return out.toString();
    }

    @Test
    void archiveIndexAndMembershipShouldSurviveARestartAndAResentPostShouldNotBeDeliveredTwice() throws Exception {
        String id = "<restart-1@client.example>";
        try (HubServer first = new HubServer(config).start()) {
            Members.load(first.database().jdbc());
            SmtpClient.send(config.smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                    post(id, "TLP:GREEN before the restart", "The wombatdropper campaign is back."));
            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, id).size() == 2);
            await().atMost(DELIVERY).until(() -> first.index().cursor() >= 1);
        }

        try (HubServer second = new HubServer(config).start()) {
            MembershipRepository members = new MembershipRepository(second.database().jdbc());
            ArchiveRepository archive = new ArchiveRepository(second.database().jdbc());

            assertThat(members.countRepresentatives()).isEqualTo(Members.everyone().size());
            assertThat(archive.find(id, members.findList("finance").orElseThrow().id())).isPresent();
            assertThat(second.index().cursor()).isEqualTo(archive.lastSeq());
            assertThat(search("wombatdropper")).contains("\tfinance\tGREEN\tTLP:GREEN before the restart");

            String marker = "<restart-2@client.example>";
            SmtpClient.send(config.smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                    post(id, "TLP:GREEN before the restart", "The wombatdropper campaign is back."));
            SmtpClient.send(config.smtpPort(), "alice@bank-one.example", List.of("finance@hub.localhost"),
                    post(marker, "TLP:GREEN after the restart", "marker"));
            await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, marker).size() == 2);
            assertThat(MailFixture.copiesOf(smarthost, id)).isEqualTo(Map.of("bob@bank-one.example", 1,
                    "carol@bank-two.example", 1));
            assertThat(archive.count()).isEqualTo(2);
            assertThat(search("wombatdropper").lines()).hasSize(1);
        }
    }
}

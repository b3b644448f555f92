package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.EmbeddedMariaDb;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** MariaDB goes away in the middle of a run: posts accepted meanwhile wait and go out once it is back. */
class DatabaseOutageTest {
    private static final Path MARIADB_DIR = Path.of("target/outage-mariadb").toAbsolutePath();

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static EmbeddedMariaDb mariadb;
    private static HubServer server;
    private static String url;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        mariadb = EmbeddedMariaDb.start(MARIADB_DIR, 0);
        port = mariadb.port();
        try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl(""), mariadb.credentials().user(),
                mariadb.credentials().password());
             Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS outage");
            st.execute("CREATE DATABASE outage CHARACTER SET utf8mb4");
        }
        url = mariadb.jdbcUrl("outage");
        try (HubDatabase db = HubDatabase.connect(url, mariadb.credentials().user(), mariadb.credentials().password(), 1)) {
            Members.load(db.jdbc());
        }
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(
                org.infohub.core.config.HubConfigLoader.DB_USER, mariadb.credentials().user(),
                org.infohub.core.config.HubConfigLoader.DB_PASSWORD, mariadb.credentials().password(),
                org.infohub.core.config.HubConfigLoader.METRICS_PORT, Integer.toString(MailFixture.freePort())));
        server = new HubServer(config).start();
    }

    private static String passwordFile() throws java.io.IOException {
        Path file = dataDir.resolve("db-password");
        java.nio.file.Files.writeString(file, mariadb.credentials().password());
        return file.toString();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (mariadb != null) {
            mariadb.close();
        }
        smarthost.stop();
    }

    private static byte[] post(String id, String subject) {
        return ("From: alice@bank-one.example\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static String scrape() throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void postsAcceptedWhileMariaDbIsDownShouldBeArchivedAndDistributedOnceItIsBack() throws Exception {
        int smtp = server.config().smtpPort();
        String before = "<outage-before@client.example>";
        SmtpClient.send(smtp, "alice@bank-one.example", List.of("finance@hub.localhost"), post(before, "TLP:GREEN before"));
        await().atMost(Duration.ofSeconds(30)).until(() -> MailFixture.copiesOf(smarthost, before).size() == 2);

        String scrapeBefore = scrape();
        assertThat(scrapeBefore).contains("infohub_database_up 1.0").contains("infohub_database_figures_age_seconds 0.0");

        mariadb.close();
        String during = "<outage-during@client.example>";
        SmtpClient.Result accepted = SmtpClient.send(smtp, "alice@bank-one.example", List.of("finance@hub.localhost"),
                post(during, "TLP:GREEN during the outage"));
        assertThat(accepted.accepted()).as(accepted.toString()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> server.services().databaseRetries().get() >= 2);
        assertThat(MailFixture.copiesOf(smarthost, during)).isEmpty();
        // Monitoring while MariaDB is down: what the server itself knows is served as ever, the database's figures
        // as last read with their age, and the database marked down, so the queue alert can still fire.
        String outage = scrape();
        assertThat(outage).contains("infohub_database_up 0.0").containsPattern("infohub_queue_depth\\{queue=\"spool\",} \\d")
                .contains("infohub_copies_total{fate=\"sent\",} 2.0").contains("jvm_threads_live")
                .containsPattern("infohub_posts_archived_total\\{list=\"finance\",} 1.0")
                .containsPattern("infohub_database_figures_age_seconds [0-9]");
        assertThat(outage).doesNotContain("infohub_database_figures_age_seconds -1");

        mariadb = EmbeddedMariaDb.start(MARIADB_DIR, port);

        await().atMost(Duration.ofSeconds(120)).until(() -> MailFixture.copiesOf(smarthost, during).size() == 2);
        assertThat(MailFixture.copiesOf(smarthost, during)).isEqualTo(Map.of("bob@bank-one.example", 1,
                "carol@bank-two.example", 1));
        try (HubDatabase db = HubDatabase.connect(url, mariadb.credentials().user(), mariadb.credentials().password(), 1)) {
            MembershipRepository members = new MembershipRepository(db.jdbc());
            long finance = members.findList("finance").orElseThrow().id();
            var archived = new ArchiveRepository(db.jdbc()).find(during, finance);
            assertThat(archived).isPresent();
            // The audience was recorded once the database was back: both organisations' feeds serve it.
            var audience = new org.infohub.core.audience.Audience(members);
            assertThat(audience.copies(archived.get().seq(), finance))
                    .containsExactlyInAnyOrder("bob@bank-one.example", "carol@bank-two.example");
        }
        // The retries are counted where an administrator sees them: `infohub stats`, another process.
        long retries = server.services().databaseRetries().get();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            java.io.StringWriter out = new java.io.StringWriter();
            int code = org.infohub.admin.AdminCli.execute(new java.io.PrintWriter(out), new java.io.PrintWriter(
                    new java.io.StringWriter()), "stats", "--db-url", url, "--db-user",
                    mariadb.credentials().user(), "--db-password-file", passwordFile());
            assertThat(code).isZero();
            assertThat(out.toString()).contains("retries while MariaDB was out of reach: " + retries);
        });
    }
}

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
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.icegreen.greenmail.util.GreenMail;

/** Prometheus scrapes the server after a post and sees the counters move; the health checks answer. */
class MetricsTest {
    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("metrics");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), new AuditLog(db.jdbc(),
                Clock.systemUTC()), Clock.systemUTC());
        admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
        admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
        admin.createOrganisation("test", "West Bank", "finance", List.of("west.example"));
        admin.addRepresentative("test", "wes@west.example", "Wes", "West Bank");
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = new HubServer(MailFixture.config(dataDir, Optional.of(url), smarthost,
                Map.of(HubConfigLoader.METRICS_PORT, Integer.toString(port)))).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        if (db != null) {
            db.close();
        }
        if (smarthost != null) {
            smarthost.stop();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.metricsPort()
                + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A sample's value in a scrape, or -1 when it is not there. */
    private static double value(String scrape, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    @Test
    void aScrapeAfterAPostShowsItArchivedDistributedAndItsCopySent() throws Exception {
        String before = get("/metrics").body();
        assertThat(value(before, "infohub_database_up")).isEqualTo(1.0);
        double archived = value(before, "infohub_posts_archived_total{list=\"finance\",}");
        double sent = value(before, "infohub_copies_total{fate=\"sent\",}");
        assertThat(archived).isGreaterThanOrEqualTo(0);

        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: wes@west.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN metrics\r\nMessage-ID: " + id
                + "\r\n\r\nScans.\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "wes@west.example", List.of("finance@hub.localhost"), message)
                .accepted()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> MailFixture.copiesOf(smarthost, id).containsKey("nina@north.example"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = get("/metrics").body();
            assertThat(value(after, "infohub_posts_archived_total{list=\"finance\",}")).isEqualTo(archived + 1);
            assertThat(value(after, "infohub_posts_distributed_total{list=\"finance\",}")).isEqualTo(archived + 1);
            assertThat(value(after, "infohub_copies_total{fate=\"sent\",}")).isEqualTo(sent + 1);
            assertThat(value(after, "infohub_index_lag")).isEqualTo(0.0);
        });
        String scrape = get("/metrics").body();
        assertThat(scrape).contains("infohub_queue_depth{queue=\"spool\",}").contains("infohub_db_pool_connections{state=\"active\",}")
                .contains("jvm_memory_heap_used_bytes").contains("infohub_db_conflicts_retried_total ").contains("infohub_members_delivery_stopped 0.0")
                .contains("# TYPE infohub_posts_received_total counter").doesNotContain("TLP:GREEN metrics");

        // The alert rules under docs/ use only metrics the server exposes.
        String rules = java.nio.file.Files.readString(Path.of("..", "docs", "prometheus", "infohub-rules.yml"));
        Matcher used = Pattern.compile("\\b(infohub_[a-z_]+)\\b").matcher(rules);
        int alerted = 0;
        while (used.find()) {
            assertThat(scrape).as(used.group(1)).contains(used.group(1));
            alerted++;
        }
        assertThat(alerted).isGreaterThan(8);
        // The Grafana dashboard under docs/ charts only metrics the server exposes.
        String dashboard = java.nio.file.Files.readString(Path.of("..", "docs", "grafana-dashboard.json"));
        Matcher names = Pattern.compile("\\b((?:infohub|jvm)_[a-z_]+?)(?:_total)?\\b").matcher(dashboard);
        int charted = 0;
        while (names.find()) {
            assertThat(scrape).as(names.group(1)).contains(names.group(1));
            charted++;
        }
        assertThat(charted).isGreaterThan(8);

        HttpResponse<String> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.body()).contains("\"database\":\"up\"").contains("\"queue\":\"up\"").contains("\"index\":\"up\"");
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }
}

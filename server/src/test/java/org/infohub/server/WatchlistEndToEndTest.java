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

import javax.mail.internet.MimeMessage;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.config.HubConfigLoader;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

import com.icegreen.greenmail.util.GreenMail;

/**
 * Mutual notification from mail in to the member's inbox: organisations register their assets
 * (in the console and through the API), a post that names one tells that organisation's
 * representatives when the post was shared with them, and the administrators otherwise; an entry
 * added later finds the posts that named it before, and mails no one about them.
 */
class WatchlistEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String OWNER = "hub-admins@owners.example";

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static ConsoleProcess console;
    private static WebDriver browser;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("watchlists");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        AdminUsers users = new AdminUsers(db.jdbc(), audit, Clock.systemUTC());
        users.create("test", "ann", ConsoleBrowserTest.PASSWORD);
        token = users.createToken("test", "ann", "watchlists");
        admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
        admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
        admin.addRepresentative("test", "nora@north.example", "Nora", "North Bank");
        admin.createOrganisation("test", "Care Clinic", "healthcare", List.of("care.example"));
        admin.addRepresentative("test", "carl@care.example", "Carl", "Care Clinic");
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of(HubConfigLoader.OWNERS, OWNER));
        server = new HubServer(config).start();
        console = ConsoleProcess.start(url, dataDir);
        browser = ConsoleBrowserTest.browser();
        ConsoleBrowserTest.signIn(browser, console);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
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

    private static long post(String from, String list, String subject, String body) throws Exception {
        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: " + from + "\r\nTo: " + list + "@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: " + id
                + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), from, List.of(list + "@hub.localhost"), message).accepted())
                .isTrue();
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ?", id), n -> n > 0);
    }

    private static HttpResponse<String> api(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url(path))).header("Authorization", "Bearer " + token);
        b = json == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<MimeMessage> notices(String to, String about) {
        return MailFixture.inbox(smarthost, to).stream().filter(m -> String.valueOf(MailFixture.header(m, "Subject"))
                .startsWith("[Infohub watchlist]") && MailFixture.text(m).contains(about)).toList();
    }

    private static long organisationId(String name) {
        return new MembershipRepository(db.jdbc()).findOrganisation(name).orElseThrow().id();
    }

    @Test
    void aPostNamingAnOrganisationsAssetTellsItsRepresentativesWhenItWasSharedWithThemAndTheAdministratorsOtherwise()
            throws Exception {
        HttpResponse<String> added = api("POST", "/api/organisations/North%20Bank/watchlist",
                "{\"type\":\"domain\",\"value\":\"northpay.com\"}");
        assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
        assertThat(api("POST", "/api/organisations/Care%20Clinic/watchlist", "{\"type\":\"cidr\",\"value\":\"198.51.100.0/24\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> bad = api("POST", "/api/organisations/Care%20Clinic/watchlist",
                "{\"type\":\"cidr\",\"value\":\"0.0.0.0/0\"}");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("wider than any one organisation");

        long named = post("carl@care.example", "all", "TLP:GREEN phishing kit clones a payment portal",
                "The kit sends victims to login.northpay[.]com and collects card numbers.");
        // North Bank is in the audience of all@: both its representatives are told which post and which asset.
        MimeMessage notice = await().atMost(DELIVERY).until(() -> notices("nora@north.example", "northpay.com"),
                l -> !l.isEmpty()).get(0);
        assertThat(MailFixture.header(notice, "Subject")).contains("North Bank").contains("northpay.com");
        assertThat(MailFixture.text(notice)).contains("login.northpay.com").contains("phishing kit clones a payment portal")
                .contains("/all/" + named).contains("TLP:GREEN");
        await().atMost(DELIVERY).until(() -> !notices("nina@north.example", "northpay.com").isEmpty());

        // A finance post naming the clinic's range: the clinic is not in its audience; the administrators are told.
        long outside = post("nina@north.example", "finance", "TLP:AMBER scanning of our edge",
                "Scans came from 198.51.100.23 all night.");
        MimeMessage admins = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, OWNER).stream()
                .filter(m -> String.valueOf(MailFixture.header(m, "Subject")).contains("Post " + outside)).findFirst(),
                Optional::isPresent).get();
        assertThat(MailFixture.text(admins)).contains("Care Clinic").contains("198.51.100.0/24").contains("198.51.100.23")
                .doesNotContain("scanning of our edge");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> notices("carl@care.example", "198.51.100").isEmpty());
        assertThat(db.jdbc().queryOne("SELECT told FROM watch_match WHERE seq = ?", rs -> rs.getString(1), outside))
                .contains("administrators");

        browser.get(console.url("/console/organisations/" + organisationId("North Bank")));
        assertThat(browser.findElement(By.id("watch-entries")).getText()).contains("northpay.com");
        assertThat(browser.findElement(By.id("watch-matches")).getText()).contains("phishing kit clones a payment portal")
                .contains("members");
    }

    @Test
    void anEntryAddedLaterFindsThePostsThatNamedItBeforeAndMailsNoOneAboutThem() throws Exception {
        long earlier = post("nina@north.example", "all", "TLP:GREEN fake CareConnect app",
                "A fake CareConnect app is in the app stores.");
        await().atMost(DELIVERY).until(() -> db.jdbc().queryOne("SELECT distributed_at FROM submission WHERE seq = ?",
                rs -> rs.getTimestamp(1), earlier).orElse(null) != null);

        browser.get(console.url("/console/organisations/" + organisationId("Care Clinic")));
        new Select(browser.findElement(By.id("watch-type"))).selectByValue("name");
        browser.findElement(By.id("watch-value")).sendKeys("CareConnect");
        ConsoleBrowserTest.submit(browser, browser.findElement(By.cssSelector("#add-watch button[type=submit]")));

        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).contains("Watching name CareConnect")
                .contains("1 earlier post named it (seen before)");
        assertThat(browser.findElement(By.id("watch-matches")).getText()).contains("fake CareConnect app").contains("seen-before");
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> notices("carl@care.example", "CareConnect").isEmpty());

        // From now on a post that names it tells the clinic.
        post("nina@north.example", "all", "TLP:CLEAR CareConnect outage", "CareConnect was down this morning.");
        await().atMost(DELIVERY).until(() -> notices("carl@care.example", "CareConnect").size() == 1);
    }
}

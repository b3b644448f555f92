package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.mail.internet.MimeMessage;

import org.infohub.admin.AdminCli;
import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.archive.ArchiveRepository;
import org.infohub.core.archive.NewSubmission;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.release.Releases;
import org.infohub.core.testing.TestDatabase;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The Public Zone with the real server, the console process and headless Chromium: a CLEAR post
 * released and seen redacted on the index, its permalink and the feed; a GREEN post published only
 * after its originator's consent by mail; a RED post refused by every path; nothing unreleased ever
 * shown; everything escaped.
 */
class PublicZoneTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static ConsoleProcess console;
    private static WebDriver browser;
    private static String url;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        url = TestDatabase.freshUrl("public_zone");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        AdminUsers users = new AdminUsers(db.jdbc(), audit, Clock.systemUTC());
        users.create("test", "ann", ConsoleBrowserTest.PASSWORD);
        token = users.createToken("test", "ann", "test");
        admin.createOrganisation("test", "Quiet Harbour Bank", "finance", List.of("quietharbour.example"));
        admin.createOrganisation("test", "Reader Bank", "finance", List.of());
        admin.addRepresentative("test", "omar@quietharbour.example", "Omar Quist", "Quiet Harbour Bank");
        admin.addRepresentative("test", "rita@reader.example", "Rita", "Reader Bank");
        admin.addRepresentative("test", "wing@quietharbour.example", "Wing Wong", "Quiet Harbour Bank");
        admin.setChineseName("test", "wing@quietharbour.example", "\u9ec3\u6c38\u660e");
        admin.setLanguage("test", "wing@quietharbour.example", org.infohub.core.i18n.Language.ZH_HK);
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
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

    private static String id() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    /** Posts over SMTP and returns the archive number once it is shared. */
    private static long post(String subject, String body) throws Exception {
        return post(subject, "Content-Type: text/plain; charset=utf-8", body);
    }

    private static long post(String subject, String contentType, String body) throws Exception {
        return post("omar@quietharbour.example", subject, contentType, body);
    }

    private static long post(String from, String subject, String contentType, String body) throws Exception {
        String messageId = id();
        byte[] message = ("From: " + from + "\r\nTo: finance@hub.localhost\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\nMIME-Version: 1.0\r\n" + contentType + "\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), from, List.of("finance@hub.localhost"),
                message).accepted()).isTrue();
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL", messageId),
                seq -> seq > 0);
    }

    private static void click(WebElement button) {
        button.click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(button));
    }

    /** A GET on the Public Zone's own listener. */
    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.publicUrl(path))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> api(String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url(path)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Issue 27, item 8: the Public Zone as a phone and a screen reader see it. */
    @Test
    void thePublicPagesFitAPhoneShowClearAsFirstDrawsItAndSayWhatTheProgrammeIs() throws Exception {
        long seq = post("TLP:CLEAR Advisory for the public", "Patch now; details at https://vendor.example/advisories/"
                + "2026/12/a-very-long-path-without-any-spaces-that-a-phone-cannot-break-" + "x".repeat(120) + " and more.");
        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        long release = Long.parseLong(draft.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
        assertThat(api("/api/releases/" + release + "/publish", "{}").statusCode()).isEqualTo(200);
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        try {
            for (String path : List.of("/public", "/public/releases/" + release, "/subscriptions")) {
                browser.get(console.publicUrl(path));
                assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth")).intValue())
                        .as(path + " scrolls sideways at 390 px").isLessThanOrEqualTo(
                                ((Number) js.executeScript("return window.innerWidth")).intValue());
                assertThat(browser.findElements(By.tagName("main"))).as(path + " has a main landmark").hasSize(1);
                String icon = browser.findElement(By.cssSelector("link[rel=icon]")).getAttribute("href");
                HttpResponse<String> favicon = get(URI.create(icon).getPath());
                assertThat(favicon.statusCode()).isEqualTo(200);
                assertThat(favicon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
            }
            // TLP:CLEAR as FIRST draws it: white on black, not green (which reads as GREEN).
            browser.get(console.publicUrl("/public/releases/" + release));
            WebElement tlp = browser.findElement(By.cssSelector(".tlp"));
            assertThat(tlp.getText()).isEqualTo("TLP:CLEAR");
            assertThat(tlp.getCssValue("color")).isEqualTo("rgba(255, 255, 255, 1)");
            assertThat(tlp.getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 1)");
            // Dates as people write them, not ISO with milliseconds.
            String released = browser.findElement(By.cssSelector("#release time")).getText();
            assertThat(released).matches("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} [A-Z]+").doesNotContain(".");
            // The front page says what the programme is and links the feeds tools read.
            browser.get(console.publicUrl("/public"));
            assertThat(browser.findElement(By.id("about")).getText()).contains("partnership").contains("TLP:CLEAR");
            List<String> feeds = browser.findElements(By.cssSelector("#machine-feeds a")).stream()
                    .map(a -> URI.create(a.getAttribute("href")).getPath()).toList();
            assertThat(feeds).containsExactly("/taxii2/", "/misp/public/manifest.json", "/public/feed.atom");
            for (String feed : feeds) {
                assertThat(get(feed).statusCode()).as(feed).isEqualTo(200);
            }
            assertThat(get("/favicon.ico").statusCode()).isEqualTo(200);
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    /**
     * Issue 28: a post written in Chinese by a representative who reads Chinese is redacted as Hong
     * Kong writes personal data (their registered Chinese name, HKID, eight-digit phone numbers),
     * the consent request reaches them in Chinese and their {@code 同意} publishes it; the Public
     * Zone then speaks Chinese to a browser that asks for it, at a stable address of its own, with a
     * switch to the English page, and no English is left in its own words.
     */
    @Test
    void aChinesePostIsRedactedAgreedToInChineseAndShownInBothLanguages() throws Exception {
        long seq = post("wing@quietharbour.example", "TLP:GREEN \u3010\u8b66\u5831\u3011\u7db2\u4e0a\u9280\u884c\u91e3\u9b5a\u653b\u64ca",
                "Content-Type: text/plain; charset=utf-8", "TLP:GREEN\n\u9ec3\u6c38\u660e\u767c\u73fe\u4eff\u5192\u7db2\u7ad9"
                + " bank-hk-login.example\uff0c\u8acb\u81f4\u96fb 2345 6789 \u6216 +852 9123 4567 \u67e5\u8a62\u3002"
                + "\u5ba2\u6236\u8eab\u4efd\u8b49 A123456(3) \u5916\u6d29\u3002\u8cbc\u8a18 egretlantern\u3002");
        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        long release = Long.parseLong(draft.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        Releases releases = new Releases(db.jdbc(), new ArchiveRepository(db.jdbc()), new AuditLog(db.jdbc(), Clock.systemUTC()),
                Clock.systemUTC());
        String body = releases.find(release).orElseThrow().body();
        assertThat(body).contains("bank-hk-login.example").contains("egretlantern").contains("[redacted]")
                .doesNotContain("\u9ec3\u6c38\u660e").doesNotContain("2345 6789").doesNotContain("9123 4567")
                .doesNotContain("A123456");

        assertThat(api("/api/releases/" + release + "/publish", "{}").body()).contains("AWAITING_CONSENT");
        MimeMessage ask = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "wing@quietharbour.example").stream()
                .filter(m -> subject(m).startsWith("release ")).toList(), l -> l.size() == 1).get(0);
        String asked = MailFixture.body(ask);
        assertThat(asked).contains("\u8a08\u5283\u7ba1\u7406\u54e1\u5e0c\u671b\u5c07\u4f60\u7684\u5e16\u5b50")
                .contains("TLP:CLEAR").contains("\u540c\u610f").contains("egretlantern").doesNotContain("would like to publish");
        assertThat(MailFixture.header(ask, "Content-Language")).isEqualTo("zh-HK");
        byte[] agree = ("From: wing@quietharbour.example\r\nTo: finance-request@hub.localhost\r\nSubject: Re: " + subject(ask)
                + "\r\nMessage-ID: " + id() + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n\u540c\u610f\r\n\r\n> \u8a08\u5283\u7ba1\u7406\u54e1\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "wing@quietharbour.example", List.of("finance-request@hub.localhost"),
                agree).accepted()).isTrue();
        await().atMost(DELIVERY).until(() -> releases.find(release).orElseThrow().state() == Releases.State.PUBLISHED);
        MimeMessage thanks = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "wing@quietharbour.example").stream()
                .filter(m -> MailFixture.body(m).contains("\u591a\u8b1d")).toList(), l -> !l.isEmpty()).get(0);
        assertThat(MailFixture.body(thanks)).contains("TLP:CLEAR").doesNotContain("Thank you");

        // The Public Zone in Chinese at its own address, in Chromium.
        String title = "\u3010\u8b66\u5831\u3011\u7db2\u4e0a\u9280\u884c\u91e3\u9b5a\u653b\u64ca";
        browser.get(console.publicUrl("/public/zh-HK"));
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-HK");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Infohub \u516c\u773e\u5340");
        assertThat(browser.findElement(By.id("releases")).getText()).contains(title).contains("\u767c\u4f48\u65bc");
        assertThat(browser.findElement(By.cssSelector("#releases time")).getText()).matches("\\d{4}\u5e74\\d{1,2}\u6708\\d{1,2}\u65e5 \\d{2}:\\d{2} .+");
        // None of the page's own English words is left on it: its header, the release lines' own words and
        // the pager (the released titles and texts are their authors' own, in their language).
        String page = browser.findElement(By.tagName("header")).getText() + "\n"
                + String.join("\n", browser.findElements(By.cssSelector("#releases article p:first-of-type")).stream()
                        .map(WebElement::getText).toList()) + "\n"
                + browser.findElement(By.cssSelector("body > nav")).getText();
        org.infohub.core.i18n.Messages en = org.infohub.core.i18n.Messages.of(org.infohub.core.i18n.Language.EN);
        for (String key : List.of("public.searchLabel", "public.search", "public.show", "public.everything", "public.feeds",
                "public.tools", "public.taxiiNote", "public.mispFeed", "public.released", "public.newer", "public.older")) {
            assertThat(page).as(key).doesNotContain(en.get(key));
        }
        assertThat(page).doesNotContain("Public Zone").doesNotContain("partnership").doesNotContain("Page 1 of")
                .doesNotContain("Alert").doesNotContain("Advisory").doesNotContain("items shared");
        ConsoleBrowserTest.shootPage(browser, "public-zh-HK", null);
        click(browser.findElement(By.linkText(title)));
        assertThat(browser.getCurrentUrl()).endsWith("/public/zh-HK/releases/" + release);
        assertThat(browser.findElement(By.id("release")).getText()).contains("egretlantern").contains("\u767c\u4f48\u65bc");
        ConsoleBrowserTest.shootPage(browser, "public-release-zh-HK", null);
        // The switch leads to the same page in English, at its stable address.
        click(browser.findElement(By.cssSelector("#language a")));
        assertThat(browser.getCurrentUrl()).endsWith("/public/en/releases/" + release);
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.id("release")).getText()).contains("released").contains("egretlantern");
        browser.get(console.publicUrl("/public/en"));
        ConsoleBrowserTest.shootPage(browser, "public-en", null);

        // The unprefixed address follows the browser's Accept-Language, and says that it does.
        HttpResponse<String> chinese = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.publicUrl("/public")))
                .header("Accept-Language", "zh-HK,zh;q=0.9,en;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chinese.body()).contains("<html lang=\"zh-HK\">").contains("\u516c\u773e\u5340");
        assertThat(chinese.headers().firstValue("Vary").orElse("")).contains("Accept-Language");
        assertThat(chinese.headers().firstValue("Content-Language").orElse("")).isEqualTo("zh-HK");
        HttpResponse<String> english = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.publicUrl("/public")))
                .header("Accept-Language", "en-GB,en;q=0.9").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(english.body()).contains("<html lang=\"en\">").contains("Public Zone").doesNotContain("\u516c\u773e\u5340");
    }

    @Test
    void anInvitationBecomesAnEventInTheConsoleAndOnceReleasedInThePublicZoneWithoutItsOrganiser() throws Exception {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
                + "UID:tabletop-2099@quietharbour.example\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20990115T090000Z\r\n"
                + "DTEND:20990115T120000Z\r\nSUMMARY:Tabletop exercise for members\r\nLOCATION:Congress Centre\r\n"
                + "ORGANIZER:mailto:omar@quietharbour.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        long seq = post("TLP:CLEAR Tabletop exercise in January", "Content-Type: multipart/mixed; boundary=\"cal\"",
                "--cal\r\nContent-Type: text/plain\r\n\r\nJoin us for the yearly exercise.\r\n--cal\r\n"
                        + "Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n" + ics + "--cal--");
        assertThat(db.jdbc().queryOne("SELECT kind FROM submission WHERE seq = ?", rs -> rs.getString(1), seq)).contains("event");

        browser.get(console.url("/console/posts/" + seq));
        assertThat(browser.findElement(By.id("post-event")).getText()).contains("Tabletop exercise for members")
                .contains("15 Jan 2099").contains("Congress Centre");
        browser.get(console.url("/console"));
        assertThat(browser.findElement(By.id("upcoming-events")).getText()).contains("Tabletop exercise for members");
        assertThat(get("/public").body()).doesNotContain("Tabletop");

        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        long release = Long.parseLong(draft.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
        assertThat(api("/api/releases/" + release + "/publish", "{}").statusCode()).isEqualTo(200);
        String page = get("/public").body();
        assertThat(page).contains("Upcoming events").contains("/public/events/" + release + ".ics");
        HttpResponse<String> calendar = get("/public/events/" + release + ".ics");
        assertThat(calendar.headers().firstValue("Content-Type").orElse("")).startsWith("text/calendar");
        assertThat(calendar.body()).contains("BEGIN:VEVENT").contains("DTSTART:20990115T090000Z")
                .contains("/public/releases/" + release).doesNotContain("ORGANIZER").doesNotContain("quietharbour");
        assertThat(org.infohub.core.event.Events.read(0, calendar.body().getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    /**
     * A released event is one document: the invitation's place is redacted like the text, a figure the
     * administrator takes out of the text goes from the summary too, and no public artefact (the page,
     * the index, the feeds, the .ics, the public TAXII collection and MISP feed) keeps any of it.
     */
    @Test
    void aReleasedEventIsOneDocumentAndNoPublicArtefactKeepsWhatWasTakenOut() throws Exception {
        String ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
                + "UID:drill-2099@quietharbour.example\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20990301T090000Z\r\n"
                + "DTEND:20990301T110000Z\r\nSUMMARY:Phishing drill debrief\r\n"
                + "LOCATION:Quiet Harbour Bank\\, Conference Room 3\\, Zurich\r\n"
                + "ORGANIZER:mailto:omar@quietharbour.example\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        long seq = post("TLP:CLEAR Phishing drill debrief", "Content-Type: multipart/mixed; boundary=\"cal\"",
                "--cal\r\nContent-Type: text/plain\r\n\r\nOur phishing drill: 770 of our staff clicked the lure, marker "
                        + "plovermarble. Debrief for members below.\r\n--cal\r\n"
                        + "Content-Type: text/calendar; method=REQUEST; charset=utf-8\r\n\r\n" + ics + "--cal--");
        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        long release = Long.parseLong(draft.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        Releases releases = new Releases(db.jdbc(), new ArchiveRepository(db.jdbc()), new AuditLog(db.jdbc(), Clock.systemUTC()),
                Clock.systemUTC());
        Releases.Release drafted = releases.find(release).orElseThrow();
        assertThat(drafted.event().orElseThrow().place()).isEqualTo("[redacted], Conference Room 3, Zurich");
        assertThat(drafted.summary()).contains("770 of our staff");

        browser.get(console.url("/console/releases/" + release));
        WebElement body = browser.findElement(By.id("release-body"));
        body.clear();
        body.sendKeys("Our phishing drill: staff clicked the lure, marker plovermarble. Debrief for members below.");
        WebElement place = browser.findElement(By.id("release-place"));
        place.clear();
        place.sendKeys("[redacted], Zurich");
        click(browser.findElement(By.id("publish")));
        // The confirmation shows every part, marked: the summary followed the text, the place is as edited.
        String preview = browser.findElement(By.id("preview-public")).getText();
        assertThat(preview).contains("plovermarble").contains("Place: [redacted], Zurich").doesNotContain("770")
                .doesNotContain("Conference Room");
        assertThat(browser.findElement(By.id("preview-removed")).getText()).contains("770 of our")
                .contains("Conference Room 3");
        click(browser.findElement(By.id("confirm-publish")));
        assertThat(browser.findElement(By.id("release-state")).getText()).isEqualTo("published");

        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        String collection = null;
        for (var c : json.readTree(taxii("/taxii2/api/collections/")).get("collections")) {
            if (c.get("title").asText().equals("Public Zone")) {
                collection = c.get("id").asText();
            }
        }
        String uuid = null;
        for (var it = json.readTree(get("/misp/public/manifest.json").body()).fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().get("info").asText().equals("Phishing drill debrief")) {
                uuid = e.getKey();
            }
        }
        Map<String, String> artefacts = Map.of(
                "page", get("/public/releases/" + release).body(),
                "index", get("/public").body(),
                "atom", get("/public/feed.atom").body(),
                "event atom", get("/public/feeds/event.atom").body(),
                "ics", get("/public/events/" + release + ".ics").body(),
                "taxii", taxii("/taxii2/api/collections/" + collection + "/objects/"),
                "misp", get("/misp/public/" + uuid + ".json").body());
        artefacts.forEach((name, text) -> {
            assertThat(text).as(name).contains("Phishing drill debrief");
            for (String secret : List.of("770 of", "Conference Room", "Quiet Harbour", "quietharbour", "Omar")) {
                assertThat(text).as(name + " holds " + secret).doesNotContain(secret);
            }
        });
        assertThat(artefacts.get("page")).contains("plovermarble").contains("[redacted], Zurich");
        assertThat(artefacts.get("ics").replace("\r\n ", "")).contains("DTSTART:20990301T090000Z")
                .contains("LOCATION:[redacted]\\, Zurich").doesNotContain("ORGANIZER");
        assertThat(artefacts.get("index")).contains("/public/events/" + release + ".ics");
    }

    /** A GET of the public TAXII server, as a TAXII client sends it. */
    private static String taxii(String path) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.publicUrl(path)))
                .header("Accept", "application/taxii+json;version=2.1").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path).isEqualTo(200);
        return r.body();
    }

    @Test
    void anAdministratorReleasesAClearPostThatAppearsRedactedOnTheIndexItsPermalinkAndTheFeed() throws Exception {
        long seq = post("TLP:CLEAR Skimmer found at ATM fleet", "A skimmer kingfisherquartz was found by Omar Quist of Quiet "
                + "Harbour Bank. Internal host atm-mgmt.quietharbour.example at 10.20.30.40 served it. Call +41 44 123 45 67 "
                + "or omar@quietharbour.example. The skimmer beacons to 203.0.113.99.");

        browser.get(console.url("/console/posts/" + seq));
        click(browser.findElement(By.id("prepare-release")));
        String draft = browser.findElement(By.id("release-body")).getAttribute("value");
        assertThat(draft).contains("[redacted]").contains("203.0.113.99").doesNotContain("Omar").doesNotContain("Quiet Harbour")
                .doesNotContain("quietharbour").doesNotContain("10.20.30.40").doesNotContain("+41 44");
        click(browser.findElement(By.id("publish")));
        // A confirmation first: what publishing means for this TLP, and the text as the public will see it.
        assertThat(browser.findElement(By.id("confirm-what")).getText()).contains("TLP:CLEAR").contains("at once");
        assertThat(browser.findElements(By.cssSelector("#preview-public mark"))).isNotEmpty();
        assertThat(browser.findElement(By.id("preview-public")).getText()).contains("203.0.113.99").doesNotContain("Omar");
        assertThat(browser.findElement(By.id("confirm-publish")).getText()).isEqualTo("Publish now as TLP:CLEAR");
        click(browser.findElement(By.id("confirm-publish")));
        assertThat(browser.findElement(By.id("release-state")).getText()).isEqualTo("published");

        browser.get(console.publicUrl("/public"));
        assertThat(browser.findElement(By.id("releases")).getText()).contains("Skimmer found at ATM fleet");
        click(browser.findElement(By.linkText("Skimmer found at ATM fleet")));
        String page = browser.findElement(By.id("release")).getText();
        assertThat(page).contains("TLP:CLEAR").contains("kingfisherquartz").contains("203.0.113.99");
        for (String secret : List.of("Omar", "Quist", "Quiet Harbour", "quietharbour", "10.20.30.40", "+41 44 123 45 67")) {
            assertThat(browser.getPageSource()).as(secret).doesNotContain(secret);
        }
        // Its kind (indicators, no tag: an alert) filters the Public Zone and has a feed of its own.
        assertThat(get("/public?kind=alert").body()).contains("Skimmer found at ATM fleet");
        assertThat(get("/public?kind=event").body()).doesNotContain("Skimmer found at ATM fleet");
        assertThat(get("/public/feeds/alert.atom").body()).contains("<title>Skimmer found at ATM fleet</title>");
        assertThat(get("/public/feeds/event.atom").body()).doesNotContain("Skimmer");
        String feed = get("/public/feed.atom").body();
        assertThat(feed).contains("<title>Skimmer found at ATM fleet</title>").doesNotContain("quietharbour");
        // RFC 4287: an author for the feed, and each entry with id, updated, a link from public.url and its text.
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document atom = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(
                feed.getBytes(StandardCharsets.UTF_8)));
        String ns = "http://www.w3.org/2005/Atom";
        assertThat(atom.getDocumentElement().getNamespaceURI()).isEqualTo(ns);
        assertThat(((org.w3c.dom.Element) atom.getDocumentElement().getElementsByTagNameNS(ns, "author").item(0))
                .getElementsByTagNameNS(ns, "name").item(0).getTextContent()).isEqualTo("Infohub");
        org.w3c.dom.Element entry = (org.w3c.dom.Element) atom.getElementsByTagNameNS(ns, "entry").item(0);
        assertThat(entry.getElementsByTagNameNS(ns, "id").item(0).getTextContent()).isNotBlank();
        assertThat(entry.getElementsByTagNameNS(ns, "updated").item(0).getTextContent()).isNotBlank();
        assertThat(((org.w3c.dom.Element) entry.getElementsByTagNameNS(ns, "link").item(0)).getAttribute("href"))
                .startsWith(console.publicUrl("/public/releases/"));
        assertThat(entry.getElementsByTagNameNS(ns, "content").item(0).getTextContent()).contains("kingfisherquartz")
                .doesNotContain("Omar");
        // Every entry has an author, the programme, never a member and never empty; its id is a tag URI.
        org.w3c.dom.NodeList entries = atom.getElementsByTagNameNS(ns, "entry");
        for (int i = 0; i < entries.getLength(); i++) {
            org.w3c.dom.Element e = (org.w3c.dom.Element) entries.item(i);
            assertThat(((org.w3c.dom.Element) e.getElementsByTagNameNS(ns, "author").item(0))
                    .getElementsByTagNameNS(ns, "name").item(0).getTextContent()).isEqualTo("Infohub");
            assertThat(e.getElementsByTagNameNS(ns, "id").item(0).getTextContent())
                    .matches("tag:hub\\.localhost,\\d{4}-\\d{2}-\\d{2}:release-\\d+");
        }
        // Each feed its own id; the same feed read twice keeps its ids; a feed that never had an entry says when
        // the hub was installed, not 1970.
        Map<String, String> ids = new java.util.LinkedHashMap<>();
        for (String path : List.of("/public/feed.atom", "/public/feeds/alert.atom", "/public/feeds/event.atom",
                "/public/feeds/emerging-tech.atom")) {
            com.rometools.rome.feed.synd.SyndFeed read = new com.rometools.rome.io.SyndFeedInput()
                    .build(new java.io.StringReader(get(path).body()));
            assertThat(read.getFeedType()).isEqualTo("atom_1.0");
            ids.put(path, read.getUri());
            assertThat(read.getPublishedDate().toInstant()).as(path).isAfter(java.time.Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(read.getEntries()).allSatisfy(e -> assertThat(e.getAuthor()).isEqualTo("Infohub"));
            assertThat(new com.rometools.rome.io.SyndFeedInput().build(new java.io.StringReader(get(path).body())).getEntries()
                    .stream().map(com.rometools.rome.feed.synd.SyndEntry::getUri).toList())
                    .isEqualTo(read.getEntries().stream().map(com.rometools.rome.feed.synd.SyndEntry::getUri).toList());
        }
        assertThat(ids.values()).as(ids.toString()).doesNotHaveDuplicates().allMatch(id -> id.startsWith("tag:hub.localhost,"));
        assertThat(get("/public/feeds/emerging-tech.atom").body()).doesNotContain("<entry>")
                .doesNotContain("1970-01-01");
    }

    /** The consent requests in Omar's inbox, oldest first. */
    private static List<MimeMessage> consentRequests() {
        return MailFixture.inbox(smarthost, "omar@quietharbour.example").stream()
                .filter(m -> subject(m).startsWith("release ")).toList();
    }

    /** Omar's answer to a consent request: {@code firstLine} first, then the request quoted. */
    private static void reply(MimeMessage ask, String firstLine, String... extraHeaders) throws Exception {
        byte[] reply = ("From: omar@quietharbour.example\r\nTo: finance-request@hub.localhost\r\nSubject: Re: " + subject(ask)
                + "\r\nMessage-ID: " + id() + "\r\n" + String.join("", extraHeaders) + "\r\n" + firstLine
                + "\r\n\r\n> The programme's administrators\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "omar@quietharbour.example",
                List.of("finance-request@hub.localhost"), reply).accepted()).isTrue();
    }

    private static List<String> replyOutcomes(long release) {
        return db.jdbc().query("SELECT outcome FROM release_reply WHERE release_id = ? ORDER BY id", rs -> rs.getString(1),
                release);
    }

    @Test
    void aGreenPostIsPublishedOnlyWhenItsOriginatorAgreesToTheVeryTextInWords() throws Exception {
        long seq = post("TLP:GREEN Mule accounts wave", "TLP:GREEN\nMule accounts opened with stolen identities, marker "
                + "ospreyvelvet.");
        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        long release = Long.parseLong(draft.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));

        HttpResponse<String> publish = api("/api/releases/" + release + "/publish", "{}");

        assertThat(publish.body()).contains("AWAITING_CONSENT");
        MimeMessage ask = await().atMost(DELIVERY).until(PublicZoneTest::consentRequests, l -> l.size() == 1).get(0);
        Releases releases = new Releases(db.jdbc(), new org.infohub.core.archive.ArchiveRepository(db.jdbc()),
                new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        String asked = Releases.consentText(releases.find(release).orElseThrow());
        assertThat(MailFixture.text(ask).replace("\r\n", "\n")).contains(asked).contains("agree");
        assertThat(asked).as("the draft says nothing of the label").doesNotContain("TLP:GREEN");

        // A refusal in words, a question and an out-of-office reply: none of them publishes.
        reply(ask, "Please do not publish this.");
        reply(ask, "Could you remove the second sentence first?");
        reply(ask, "I am out of the office until Monday.", "Auto-Submitted: auto-replied\r\n");
        // The answer is the first line the originator wrote, not the line after a repeated command.
        String token = subject(ask).replaceAll("(?s).*?([0-9a-f]{32}).*", "$1");
        reply(ask, "Disagree\r\nrelease " + token + "\r\nagree");
        await().atMost(DELIVERY).until(() -> replyOutcomes(release), l -> l.size() == 4);
        assertThat(replyOutcomes(release)).containsExactlyInAnyOrder("unclear", "unclear", "automatic", "unclear");
        assertThat(releases.find(release).orElseThrow().state()).isEqualTo(Releases.State.AWAITING_CONSENT);
        assertThat(get("/public/search?q=ospreyvelvet").body()).doesNotContain("Mule accounts wave");
        browser.get(console.url("/console/releases/" + release));
        assertThat(browser.findElement(By.id("replies")).getText()).contains("Please do not publish this.")
                .contains("I am out of the office");

        // An edit while consent is awaited asks again, with the new text; the old request no longer counts.
        releases.edit("test", release, "Mule accounts wave", "Mules recruited online.", "Mule accounts opened with stolen "
                + "identities, marker ospreyvelvet and a new line.");
        MimeMessage again = await().atMost(DELIVERY).until(PublicZoneTest::consentRequests, l -> l.size() == 2).get(1);
        assertThat(subject(again)).isNotEqualTo(subject(ask));
        assertThat(MailFixture.text(again)).contains("a new line");
        reply(ask, "agree");
        await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "omar@quietharbour.example").stream()
                .anyMatch(m -> MailFixture.text(m).contains("no longer current")));
        assertThat(releases.find(release).orElseThrow().state()).isEqualTo(Releases.State.AWAITING_CONSENT);

        reply(again, "agree");

        await().atMost(DELIVERY).until(() -> get("/public/search?q=ospreyvelvet").body().contains("Mule accounts wave"));
        Releases.Release published = releases.find(release).orElseThrow();
        assertThat(published.body()).isEqualTo("Mule accounts opened with stolen identities, marker ospreyvelvet and a new line.");
        assertThat(db.jdbc().queryOne("SELECT published_sha256 FROM public_release WHERE id = ?", rs -> rs.getString(1),
                release).orElseThrow()).isEqualTo(sha256(Releases.consentText(published)));
        assertThat(get("/public/releases/" + release).body()).contains("a new line");
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void publishingFromTheFormSavesWhatIsOnScreenFirst() throws Exception {
        long seq = post("TLP:CLEAR Fake invoices", "Fake invoices from a lookalike supplier, marker wagtailtimpani.");
        browser.get(console.url("/console/posts/" + seq));
        click(browser.findElement(By.id("prepare-release")));
        WebElement body = browser.findElement(By.id("release-body"));
        body.clear();
        body.sendKeys("Fake invoices from a lookalike supplier, edited before publishing, marker wagtailtimpani.");

        click(browser.findElement(By.id("publish")));
        assertThat(browser.findElement(By.id("preview-public")).getText()).contains("edited before publishing");
        click(browser.findElement(By.id("confirm-publish")));

        assertThat(browser.findElement(By.id("release-state")).getText()).isEqualTo("published");
        await().atMost(DELIVERY).until(() -> get("/public/search?q=wagtailtimpani").body().contains("Fake invoices"));
        long release = db.jdbc().queryLong("SELECT id FROM public_release WHERE seq = ?", seq);
        assertThat(get("/public/releases/" + release).body()).contains("edited before publishing");
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject() == null ? "" : m.getSubject();
        } catch (javax.mail.MessagingException e) {
            return "";
        }
    }

    @Test
    void aRedPostCannotBeReleasedByTheConsoleTheApiOrTheCommandLine() throws Exception {
        // The hub refuses TLP:RED posts; one in the archive (say from before a policy change) is still never released.
        org.infohub.core.member.HubList finance = new MembershipRepository(db.jdbc()).findList("finance").orElseThrow();
        long seq = new ArchiveRepository(db.jdbc()).archive(new NewSubmission(id(), finance, "omar@quietharbour.example",
                Optional.empty(), "TLP:RED names of staff", "redcanarysecret", Tlp.RED, true, Instant.now(), Optional.empty(),
                "x".getBytes(StandardCharsets.UTF_8))).submission().seq();

        browser.get(console.url("/console/posts/" + seq));
        assertThat(browser.findElements(By.id("prepare-release"))).isEmpty();
        HttpResponse<String> byApi = api("/api/releases", "{\"seq\":" + seq + "}");
        StringWriter err = new StringWriter();
        int byCli = AdminCli.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "release", "draft",
                Long.toString(seq), "--db-url", url, "--db-user", TestDatabase.user(), "--db-password-file", TestDatabase.passwordFile());

        assertThat(byApi.statusCode()).isEqualTo(422);
        assertThat(byApi.body()).contains("TLP:RED");
        assertThat(byCli).isEqualTo(1);
        assertThat(err.toString()).contains("TLP:RED: it can never be released");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM public_release WHERE seq = ?", seq)).isZero();
    }

    @Test
    void noPublicPageSearchOrFeedEverShowsTextOfAPostThatWasNotReleased() throws Exception {
        long heron = post("TLP:GREEN unreleased herondulcimer", "Body with the marker herondulcimer only.");
        long plover = post("TLP:CLEAR unreleased plovermarimba", "Body with the marker plovermarimba only.");
        long lastRelease = db.jdbc().queryLong("SELECT COALESCE(MAX(id), 0) FROM public_release");

        // The posts' own numbers, and the next release numbers, tried as permalinks: a page that
        // looked a release up by the post's number, or showed drafts, would show the marker.
        for (String path : List.of("/public", "/public/search?q=herondulcimer", "/public/search?q=plovermarimba",
                "/public/search?q=unreleased", "/public/feed.atom", "/public/releases/" + heron,
                "/public/releases/" + plover, "/public/releases/" + (lastRelease + 1),
                "/public/releases/" + (lastRelease + 2))) {
            String body = get(path).body();
            // A search page repeats what was asked (in its box, in "nothing matches ..." and in the link
            // to the same search in the other language): that is not a leak.
            String q = path.contains("?q=") ? path.substring(path.indexOf("?q=") + 3) : "";
            if (!q.isEmpty()) {
                body = body.replace("value=\"" + q + "\"", "").replace("matches " + q, "").replace("?q=" + q, "");
            }
            assertThat(body).as(path).doesNotContain("herondulcimer").doesNotContain("plovermarimba");
        }
    }

    @Test
    void aReleasedSubjectLikeMarkupIsShownAsText() throws Exception {
        long seq = post("TLP:CLEAR <img src=x onerror=alert(1)> bold claims", "Plain text.");
        HttpResponse<String> draft = api("/api/releases", "{\"seq\":" + seq + "}");
        long release = Long.parseLong(draft.body().replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        api("/api/releases/" + release + "/publish", "{}");

        browser.get(console.publicUrl("/public/releases/" + release));

        assertThat(browser.findElement(By.tagName("h1")).getText()).contains("<img src=x onerror=alert(1)>");
        assertThat(browser.findElements(By.cssSelector("#release img"))).isEmpty();
    }

    private static int status(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void thePublicZonesListenerServesNothingButThePublicZoneAndTheConsoleNoPublicZone() throws Exception {
        for (String path : List.of("/login", "/console", "/console/organisations", "/api/stats", "/api/releases")) {
            assertThat(status(console.publicUrl(path))).as(path).isEqualTo(404);
        }
        assertThat(status(console.publicUrl("/public"))).isEqualTo(200);
        assertThat(status(console.url("/public"))).as("the console's listener").isEqualTo(404);
        assertThat(status(console.url("/unsubscribe/x.y"))).as("the console's listener").isEqualTo(404);
    }

    @Test
    void theFeedTakesItsLinksFromTheConfiguredAddressNotFromTheRequest() throws Exception {
        String feed;
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", URI.create(console.publicUrl("/")).getPort())) {
            socket.getOutputStream().write(("GET /public/feed.atom HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            feed = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(feed).contains("<feed").doesNotContain("evil.example");
    }

    @Test
    void aRepresentativeShouldManageTheirListsWithALinkMailedToTheirAddressOnly() throws Exception {
        browser.get(console.publicUrl("/subscriptions"));
        browser.findElement(By.name("email")).sendKeys("nobody@nowhere.example");
        click(browser.findElement(By.cssSelector("form button")));
        String unknown = browser.findElement(By.tagName("body")).getText();
        // Look-alikes of Rita's address under an accent-blind comparison are other addresses.
        // (Posted as a script would: the browser's own check of an e-mail field refuses some of them.)
        for (String lookalike : List.of("r\u00efta@reader.example", "rita@r\u00ebader.example")) {
            java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(URI.create(console.publicUrl("/subscriptions")))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("email="
                                    + java.net.URLEncoder.encode(lookalike, StandardCharsets.UTF_8))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).as(lookalike).contains("Check your mail");
        }
        // A request the mailer cannot send stands first in line; it must not hold up Rita's.
        db.jdbc().execute("INSERT INTO manage_link_request (email, requested_at) VALUES ('not an address@@', NOW(3))");
        browser.get(console.publicUrl("/subscriptions"));
        browser.findElement(By.name("email")).sendKeys("Rita@Reader.example");
        click(browser.findElement(By.cssSelector("form button")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your mail");
        assertThat(unknown.replace("nobody@nowhere.example", "X"))
                .as("the answer does not tell whether an address is registered")
                .isEqualTo(browser.findElement(By.tagName("body")).getText().replace("Rita@Reader.example", "X"));

        MimeMessage mail = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "rita@reader.example").stream()
                .filter(m -> String.valueOf(MailFixture.header(m, "Subject")).startsWith("Your link to manage")).toList(),
                l -> !l.isEmpty()).get(0);
        String link = MailFixture.text(mail).replaceAll("(?s)^.*?(\\S+/subscriptions/\\S+).*$", "$1");
        String token = link.substring(link.lastIndexOf('/') + 1);
        assertThat(db.jdbc().query("SELECT email FROM manage_link_request WHERE failure IS NULL", rs -> rs.getString(1)))
                .as("nothing for an unknown address or a look-alike; the address on record").containsExactly("rita@reader.example");
        assertThat(db.jdbc().queryOne("SELECT failure FROM manage_link_request WHERE email = 'not an address@@'",
                rs -> rs.getString(1)).orElse(null)).as("set aside with the reason").isNotBlank();

        browser.get(console.publicUrl("/subscriptions/" + token));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("rita@reader.example");
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("select[aria-label=finance]")))
                .selectByValue("digest");
        click(browser.findElement(By.xpath("//select[@aria-label='finance']/following-sibling::button")));
        assertThat(browser.findElement(By.cssSelector(".done")).getText()).isEqualTo("Saved.");
        assertThat(new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("select[aria-label=finance]")))
                .getFirstSelectedOption().getText()).isEqualTo("a daily digest");
        MembershipRepository members = new MembershipRepository(db.jdbc());
        assertThat(members.modeOf(members.findRepresentative("rita@reader.example").orElseThrow(),
                members.findList("finance").orElseThrow())).isEqualTo(org.infohub.core.member.DeliveryMode.DIGEST);
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE actor = 'self-service rita@reader.example'"))
                .isEqualTo(1);

        // A link cannot make the page say anything of its own.
        browser.get(console.publicUrl("/subscriptions/" + token + "?done=Your+account+is+closed.+Call+555-0100"));
        assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Call 555-0100");

        // The representative keeps their organisation's watchlist on the same page.
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.cssSelector("select[name=type]"))).selectByValue("domain");
        browser.findElement(By.cssSelector("input[name=value]")).sendKeys("readerpay.com");
        click(browser.findElement(By.xpath("//input[@name='value']/../following-sibling::button")));
        assertThat(browser.findElement(By.id("watchlist")).getText()).contains("domain readerpay.com");
        assertThat(db.jdbc().queryOne("SELECT created_by FROM watch_entry WHERE value = 'readerpay.com'", rs -> rs.getString(1)))
                .contains("self-service rita@reader.example");

        // Sightings through the same signed page, read as those of a reply (issue 27): only for an
        // indicator of a post Reader Bank received.
        long scanned = post("TLP:GREEN scanner at 185.220.101.88", "Scanning from 185.220.101.88 tonight.");
        browser.get(console.publicUrl("/subscriptions/" + token));
        browser.findElement(By.id("sighting-lines")).sendKeys("+seen 185.220.101.88\n+fp 185.220.101.250\n");
        click(browser.findElement(By.id("report-sightings")));
        assertThat(browser.findElement(By.id("sighting-outcomes")).getText())
                .contains("Recorded: 185.220.101.88: seen, recorded for your organisation")
                .contains("Not recorded: 185.220.101.250 is in no post your organisation received");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM sighting s JOIN organisation o ON o.id = s.organisation_id "
                + "WHERE o.name = 'Reader Bank' AND s.indicator_value = '185.220.101.88' AND s.seq = ?", scanned)).isEqualTo(1);

        String changed = token.substring(0, 3) + (token.charAt(3) == 'A' ? 'B' : 'A') + token.substring(4);
        assertThat(status(console.publicUrl("/subscriptions/" + changed))).isEqualTo(403);
        assertThat(status(console.url("/subscriptions"))).as("the console's listener").isEqualTo(404);
    }
}

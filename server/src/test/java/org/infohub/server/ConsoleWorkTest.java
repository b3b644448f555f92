package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.HubList;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipImport;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The console as administrators and analysts use it day to day, in headless Chromium against a
 * real hub that took every post over SMTP: the dashboard, browsing search, the post view, an
 * organisation's page, forms at the scale of hundreds of organisations, small screens, exports.
 * With {@code -Dscreenshots.dir=DIR} it also saves the screenshots shown in the README.
 */
class ConsoleWorkTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String PROGRAMME = "Partnership Exchange (test)";

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static MembershipAdmin admin;
    private static ConsoleProcess console;
    private static WebDriver browser;
    private static long root;
    private static long reply;
    private static long replyToReply;
    private static long withCsv;
    private static String rootId;
    private static long advisory;
    private static String advisoryId;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("console_work");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        new AdminUsers(db.jdbc(), audit, Clock.systemUTC()).create("test", "ann", ConsoleBrowserTest.PASSWORD);
        admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
        admin.addRepresentative("test", "nina@north.example", "Nina Berg", "North Bank");
        admin.addRepresentative("test", "nora@north.example", "Nora Lind", "North Bank");
        admin.createOrganisation("test", "Care Clinic", "healthcare", List.of("care.example"));
        admin.addRepresentative("test", "carl@care.example", "Carl Moe", "Care Clinic");
        admin.createGroupList("test", "review-desk", "Review desk", HubList.PostingPolicy.MODERATED, "",
                List.of("North Bank", "Care Clinic"));
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        server = new HubServer(config).start();
        console = ConsoleProcess.start(url, dataDir, "programme.name=" + PROGRAMME + "\nconsole.zone=Asia/Tokyo\n");
        browser = ConsoleBrowserTest.browser();

        rootId = id();
        root = post("nina@north.example", "finance", rootId, null, "TLP:GREEN beacon to 198.51.100[.]77",
                "Seen from our proxy logs.");
        String replyId = id();
        reply = post("nora@north.example", "finance", replyId, rootId, "Re: TLP:GREEN beacon to 198.51.100[.]77",
                "Same here since Monday.");
        replyToReply = post("nina@north.example", "finance", id(), replyId, "Re: Re: TLP:GREEN beacon",
                "Blocked at the edge now.");
        advisoryId = id();
        advisory = post("nina@north.example", "finance", advisoryId, null, "[advisory] TLP:GREEN Patch the VPN appliances",
                "The vendor fixed it.");
        post("carl@care.example", "healthcare", id(), null, "TLP:AMBER ransomware note", "A ransom note was found.");
        String boundary = "b-" + UUID.randomUUID();
        withCsv = send("carl@care.example", "healthcare", id(), "TLP:GREEN indicators attached", "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n", "--" + boundary
                + "\r\nContent-Type: text/plain\r\n\r\nAsk nina@north.example or write to drop@attacker-mail.example.\r\n--"
                + boundary + "\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"iocs.csv\"\r\n\r\n"
                + "ip,first_seen\r\n203.0.113.99,2026-11-30\r\n--" + boundary + "--\r\n");
        // A held post, waiting for a decision.
        assertThat(SmtpClient.send(server.config().smtpPort(), "carl@care.example", List.of("review-desk@hub.localhost"),
                message("carl@care.example", "review-desk", id(), null, "TLP:GREEN for review", "", "Please check.")).accepted())
                .isTrue();
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'held'"),
                n -> n == 1);
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

    @BeforeEach
    void signIn() {
        browser.manage().window().setSize(new Dimension(1280, 1000));
        browser.manage().deleteAllCookies();
        ConsoleBrowserTest.signIn(browser, console);
    }

    private static String id() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    private static byte[] message(String from, String list, String messageId, String inReplyTo, String subject, String headers,
                                  String body) {
        return ("From: " + from + "\r\nTo: " + list + "@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\n" + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n") + headers + "\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Posts over SMTP and waits until the post is archived and indexed; its archive number. */
    private static long post(String from, String list, String messageId, String inReplyTo, String subject, String body)
            throws Exception {
        assertThat(SmtpClient.send(server.config().smtpPort(), from, List.of(list + "@hub.localhost"),
                message(from, list, messageId, inReplyTo, subject, "", body)).accepted()).isTrue();
        return archived(messageId);
    }

    private static long send(String from, String list, String messageId, String subject, String headers, String body)
            throws Exception {
        assertThat(SmtpClient.send(server.config().smtpPort(), from, List.of(list + "@hub.localhost"),
                message(from, list, messageId, null, subject, headers, body)).accepted()).isTrue();
        return archived(messageId);
    }

    private static long archived(String messageId) {
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ?", messageId), n -> n > 0);
    }

    private static void submit(WebElement button) {
        ConsoleBrowserTest.submit(browser, button);
    }

    /** Waits until the console's index holds every archived post, then opens {@code path}. */
    private static void searchPage(String path) {
        long posts = db.jdbc().queryLong("SELECT COUNT(*) FROM submission");
        await().atMost(DELIVERY).ignoreExceptions().until(() -> {
            browser.get(console.url("/console/search?q="));
            return browser.findElement(By.id("search-total")).getText().equals(posts == 1 ? "1 post" : posts + " posts");
        });
        browser.get(console.url(path));
    }

    /** GET with the browser's session, as a download would. */
    private static HttpResponse<byte[]> download(String path) throws Exception {
        String cookie = browser.manage().getCookieNamed("infohub_session").getValue();
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url(path)))
                .header("Cookie", "infohub_session=" + cookie).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void screenshot(String name) throws Exception {
        String dir = System.getProperty("screenshots.dir");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.write(Path.of(dir, name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        }
    }

    @Test
    void theDashboardChartsPostsPerWeekBySectorAndTlpAndEveryFigureLeadsToItsPosts() throws Exception {
        searchPage("/console");

        // Every sector is in the table, those without posts as zero.
        String sectors = browser.findElement(By.id("sectors")).getText();
        assertThat(sectors).contains("finance 4").contains("healthcare 2").contains("transport 0").contains("education 0");
        assertThat(browser.findElements(By.cssSelector("#chart-sector a rect"))).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("#chart-tlp a rect"))).hasSize(2);
        assertThat(browser.findElement(By.id("waiting")).getText()).contains("TLP:GREEN for review").contains("carl@care.example");
        assertThat(browser.findElement(By.id("sign-ins")).getText()).contains("ann: signed in");
        assertThat(browser.findElement(By.id("latest-posts")).getText()).contains("indicators attached");
        screenshot("dashboard");

        // The AMBER segment of this week's TLP bar leads to the one AMBER post.
        browser.findElement(By.cssSelector("#chart-tlp a[href*='tlp%3Aamber'] rect")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().contains("/console/search"));
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("1 post");
        assertThat(browser.findElement(By.id("hits")).getText()).contains("ransomware note");

        // The finance figure of the sector table leads to finance's four posts.
        browser.get(console.url("/console"));
        submit(browser.findElement(By.xpath("//table[@id='sectors']//th[text()='finance']/../td[1]/a")));
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("4 posts");

        HttpResponse<byte[]> csv = download("/console/dashboard.csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("figure,key,week,value").contains("posts by sector,transport,")
                .contains("posts by tlp,AMBER,").contains("organisations by sector,finance,,1");
        long financeThisWeek = text.lines().filter(l -> l.startsWith("posts by sector,finance,"))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(',') + 1))).sum();
        assertThat(financeThisWeek).isEqualTo(4);
    }

    @Test
    void anEmptyQueryListsTheLatestPostsAndFacetsAreLinksThatFilter() throws Exception {
        searchPage("/console/search");

        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("6 posts");
        List<WebElement> rows = browser.findElements(By.cssSelector("#hits tbody tr"));
        assertThat(rows.get(0).getText()).contains("indicators attached").contains("carl@care.example").contains("Care Clinic");
        WebElement amber = browser.findElement(By.xpath("//table[@id='hits']//tr[contains(., 'ransomware note')]//span[contains(@class,'tlp')]"));
        assertThat(amber.getText()).isEqualTo("TLP:AMBER");
        assertThat(amber.getCssValue("color")).isEqualTo("rgba(255, 192, 0, 1)");
        assertThat(amber.getCssValue("background-color")).isEqualTo("rgba(0, 0, 0, 1)");
        screenshot("search");

        submit(browser.findElement(By.xpath("//aside[@id='facets']/h2[text()='Sector']/following-sibling::ul[1]//a[text()='healthcare']")));
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("2 posts");
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("sector:healthcare");
        submit(browser.findElement(By.xpath("//aside[@id='facets']/h2[text()='TLP']/following-sibling::ul[1]//a[text()='AMBER']")));
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("1 post");
        assertThat(browser.findElement(By.id("q")).getAttribute("value")).isEqualTo("sector:healthcare tlp:AMBER");

        // The results as CSV: one row per hit, with sender and organisation.
        HttpResponse<byte[]> csv = download("/console/search.csv?q=sector%3Ahealthcare&order=date");
        List<String> lines = new String(csv.body(), StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("id,received,list,tlp,kind,sender,organisation,subject,indicators");
        assertThat(lines.get(1)).startsWith(withCsv + ",").contains(",healthcare,GREEN,alert,carl@care.example,Care Clinic,")
                .contains("ip:203.0.113.99");
    }

    @Test
    void anIndicatorTypedBareIsSearchedAsThatIndicatorAndMistakesAreExplainedInPlainWords() {
        searchPage("/console/search?q=" + java.net.URLEncoder.encode("198.51.100[.]77", StandardCharsets.UTF_8));

        assertThat(browser.findElement(By.id("search-recognised")).getText()).contains("198.51.100.77 as an IP address");
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("2 posts");

        browser.get(console.url("/console/search?q=203.0.113.99"));
        assertThat(browser.findElement(By.id("search-total")).getText()).as("found in the CSV attachment").isEqualTo("1 post");

        browser.get(console.url("/console/search?q=" + java.net.URLEncoder.encode("\"beacon to", StandardCharsets.UTF_8)));
        assertThat(browser.findElement(By.id("search-error")).getText()).contains("a quotation mark is not closed")
                .doesNotContain("Encountered").doesNotContain("Cannot parse");
    }

    @Test
    void thePostViewShowsTheWholeThreadAttachmentsToDownloadIndicatorsAndTheHubsChecks() throws Exception {
        browser.get(console.url("/console/posts/" + replyToReply));
        List<WebElement> thread = browser.findElements(By.cssSelector("#conversation > li.message"));
        assertThat(thread).hasSize(3);
        assertThat(thread.get(0).getAttribute("class")).contains("depth-0");
        assertThat(thread.get(0).getText()).contains("TLP:GREEN beacon to 198.51.100[.]77").contains("nina@north.example");
        assertThat(thread.get(1).getAttribute("class")).contains("depth-1");
        assertThat(thread.get(2).getAttribute("class")).contains("depth-2");
        assertThat(thread.get(2).getAttribute("aria-current")).isEqualTo("true");
        browser.get(console.url("/console/posts/" + root));
        assertThat(browser.findElements(By.cssSelector("#conversation > li.message"))).as("the root sees its grandchild too")
                .hasSize(3);
        assertThat(browser.findElement(By.id("post-released")).getText()).isEqualTo("not released");
        assertThat(browser.findElement(By.id("post-auth")).getText()).contains("hub.localhost").contains("spf=");
        // Dates as people read them, in the configured zone (Asia/Tokyo, nine hours ahead of UTC).
        java.time.Instant received = db.jdbc().queryOne("SELECT received_at FROM submission WHERE seq = ?",
                rs -> rs.getTimestamp(1).toInstant(), root).orElseThrow();
        assertThat(browser.findElement(By.cssSelector("#post-headers time")).getText()).isEqualTo(
                java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", java.util.Locale.UK)
                        .format(received.atZone(java.time.ZoneId.of("Asia/Tokyo"))));

        browser.get(console.url("/console/posts/" + withCsv));
        screenshot("post");
        String indicators = browser.findElement(By.id("indicators")).getText();
        assertThat(indicators).contains("203.0.113.99").contains("drop@attacker-mail.example")
                .as("a member's own address is no indicator").doesNotContain("nina@north.example");
        WebElement link = browser.findElement(By.cssSelector("#attachments a"));
        assertThat(link.getText()).isEqualTo("iocs.csv");
        HttpResponse<byte[]> file = download(URI.create(link.getAttribute("href")).getPath());
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains("iocs.csv");
        assertThat(new String(file.body(), StandardCharsets.UTF_8)).isEqualTo("ip,first_seen\r\n203.0.113.99,2026-11-30");

        submit(browser.findElement(By.id("prepare-release")));
        browser.get(console.url("/console/posts/" + withCsv));
        assertThat(browser.findElement(By.id("post-released")).getText()).contains("indicators attached").contains("draft");
    }

    @Test
    void aPostsKindIsReadFromItsTagShownInEveryCopyAndCorrectedByAnAdministrator() throws Exception {
        String id = advisoryId;
        long seq = advisory;
        javax.mail.internet.MimeMessage copy = await().atMost(DELIVERY).until(() ->
                MailFixture.inbox(smarthost, "nora@north.example").stream().filter(m -> id.equals(MailFixture.header(m,
                        "Message-ID"))).findFirst(), Optional::isPresent).get();
        assertThat(copy.getSubject()).isEqualTo("[finance] [advisory] TLP:GREEN Patch the VPN appliances");
        assertThat(MailFixture.header(copy, "X-Infohub-Kind")).isEqualTo("advisory");
        searchPage("/console/search?q=kind%3Aadvisory");
        assertThat(browser.findElement(By.id("hits")).getText()).contains("Patch the VPN appliances").contains("Advisory");
        assertThat(browser.findElement(By.id("facets")).getText()).contains("Kind");

        browser.get(console.url("/console/posts/" + seq));
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("kind"))).selectByValue("alert");
        submit(browser.findElement(By.id("set-kind")));
        assertThat(browser.findElement(By.id("post-kind")).getText()).isEqualTo("Alert");
        // The index entry is written again: the search finds it under its new kind, not the old.
        await().atMost(DELIVERY).ignoreExceptions().until(() -> {
            browser.get(console.url("/console/search?q=kind%3Aalert+VPN"));
            return browser.findElement(By.id("search-total")).getText().equals("1 post");
        });
        browser.get(console.url("/console/search?q=kind%3Aadvisory+VPN"));
        assertThat(browser.findElement(By.id("search-total")).getText()).isEqualTo("0 posts");
        browser.get(console.url("/console/audit?q=action%3Apost.kind"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("kind=advisory").contains("kind=alert");
    }

    @Test
    void anOrganisationsPageShowsItsPeopleListsPostsAndHistory() {
        browser.get(console.url("/console/organisations?q=North+Bank"));
        submit(browser.findElement(By.linkText("North Bank")));

        String people = browser.findElement(By.id("org-people")).getText();
        assertThat(people).contains("nina@north.example Nina Berg active 3").contains("nora@north.example Nora Lind active 1")
                .contains("not set");
        assertThat(browser.findElement(By.id("org-lists")).getText()).contains("finance@").contains("review-desk@")
                .contains("all@").doesNotContain("healthcare@");
        assertThat(browser.findElement(By.id("org-posts")).getText()).contains("beacon to 198.51.100[.]77");
        assertThat(browser.findElement(By.id("org-history")).getText()).contains("organisation.create")
                .contains("representative.create");
    }

    @Test
    void formsAtTheScaleOfHundredsOfOrganisationsUseTypeAheadAndSayWhatLooksWrong() throws Exception {
        for (int i = 1; i <= 30; i++) {
            admin.createOrganisation("test", String.format("Grid Operator %02d", i), "utilities", List.of());
        }
        // A group list's organisations, picked by typing a few letters each.
        browser.get(console.url("/console/lists"));
        browser.findElement(By.id("list-address")).sendKeys("grid-north");
        browser.findElement(By.id("list-name")).sendKeys("Northern grid");
        WebElement typeAhead = browser.findElement(By.id("list-organisations"));
        assertThat(typeAhead.getAttribute("list")).isEqualTo("organisation-names");
        assertThat(browser.findElements(By.cssSelector("#organisation-names option")).size()).isGreaterThan(30);
        typeAhead.sendKeys("Grid Operator 07", Keys.ENTER);
        typeAhead.sendKeys("North Bank", Keys.ENTER);
        assertThat(browser.findElements(By.cssSelector("#chosen-organisations input:checked"))).hasSize(2);
        submit(browser.findElement(By.cssSelector("#create-list button[type=submit]")));
        assertThat(new MembershipRepository(db.jdbc()).groupOrganisations(
                new MembershipRepository(db.jdbc()).findList("grid-north").orElseThrow()))
                .containsExactlyInAnyOrder("Grid Operator 07", "North Bank");

        // A representative whose address is outside the organisation's domains: registered, with a warning.
        browser.get(console.url("/console/representatives"));
        browser.findElement(By.id("rep-email")).sendKeys("nils@gmail.example");
        browser.findElement(By.id("rep-name")).sendKeys("Nils");
        browser.findElement(By.id("rep-organisation")).sendKeys("North Bank");
        submit(browser.findElement(By.cssSelector("#add-representative button[type=submit]")));
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).contains("Registered nils@gmail.example")
                .contains("gmail.example is not one of North Bank's domains (north.example)");

        // Filters and numbered pages.
        browser.get(console.url("/console/organisations?sector=utilities"));
        assertThat(browser.findElement(By.cssSelector(".pager")).getText()).contains("30 in all");
        submit(browser.findElement(By.xpath("//nav[@class='pager']/a[text()='2']")));
        assertThat(browser.findElements(By.cssSelector("#organisations tbody tr"))).hasSize(5);
        assertThat(browser.findElement(By.id("organisations")).getText()).contains("Grid Operator 30")
                .doesNotContain("North Bank");
        browser.get(console.url("/console/representatives?sector=healthcare"));
        assertThat(browser.findElement(By.id("representatives")).getText()).contains("carl@care.example")
                .doesNotContain("nina@north.example");

        // Imported organisations get their representatives' domains.
        MembershipImport.Result imported = new MembershipImport(db.jdbc(), "test").load(new java.io.BufferedReader(
                new java.io.StringReader(MembershipImport.HEADER + "\nFjord Rail,transport,olga@fjordrail.example,Olga\n"
                        + "Fjord Rail,transport,per@gmail.com,Per\n")));
        assertThat(imported.errors()).isEmpty();
        browser.get(console.url("/console/organisations?q=Fjord"));
        assertThat(browser.findElement(By.cssSelector("#organisations td.domains")).getText()).isEqualTo("fjordrail.example");
    }

    @Test
    void theMainPagesFitAPhoneScreenAndCarryTheirLandmarks() {
        browser.get(console.url("/console"));
        assertThat(browser.findElement(By.cssSelector("a.skip")).getAttribute("href")).endsWith("#main");
        assertThat(browser.findElement(By.cssSelector("header nav a[aria-current=page]")).getText()).isEqualTo("Dashboard");
        assertThat(browser.findElements(By.cssSelector("th:not([scope])"))).isEmpty();
        assertThat(browser.getTitle()).endsWith(PROGRAMME);

        browser.manage().window().setSize(new Dimension(390, 844));
        for (String page : List.of("/console", "/console/organisations", "/console/representatives", "/console/lists",
                "/console/search", "/console/posts/" + withCsv, "/console/audit", "/console/outcomes",
                "/console/representatives/nina@north.example")) {
            browser.get(console.url(page));
            long inner = (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
            long scroll = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
            assertThat(scroll).as("width of " + page + " on a 390 px screen").isLessThanOrEqualTo(inner);
            WebElement signOut = browser.findElement(By.cssSelector("header button[type=submit]"));
            assertThat(signOut.isDisplayed()).as("sign-out on " + page).isTrue();
        }

        browser.manage().deleteAllCookies();
        browser.get(console.url("/login"));
        assertThat(browser.findElement(By.id("programme")).getText()).isEqualTo(PROGRAMME);
    }
}

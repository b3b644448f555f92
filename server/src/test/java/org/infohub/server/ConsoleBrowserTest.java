package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.icegreen.greenmail.util.GreenMail;

/**
 * The console in a real browser (Debian's headless Chromium through chromedriver), in its own
 * process, on the database of a real hub server that takes the posts over SMTP.
 */
class ConsoleBrowserTest {
    static final String PASSWORD = "a long enough password";
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static MembershipAdmin admin;
    private static ConsoleProcess console;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("console_e2e");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        new AdminUsers(db.jdbc(), audit, Clock.systemUTC()).create("test", "ann", PASSWORD);
        admin.createOrganisation("test", "Other Bank", "finance", List.of("other.example"));
        admin.addRepresentative("test", "omar@other.example", "Omar", "Other Bank");
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        server = new HubServer(config).start();
        console = ConsoleProcess.start(url, dataDir);
        browser = browser();
    }

    static WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // No background traffic: the machine has no network beyond loopback.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--disable-extensions", "--user-data-dir=" + tempProfile());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String tempProfile() {
        try {
            // Under the module's target folder: each run's profiles go with the build, not into /tmp.
            Path target = Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(target.toAbsolutePath(), "chromium-profile").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        browser.manage().deleteAllCookies();
        signIn(browser, console);
    }

    /** Signs in as ann through the sign-in form. */
    static void signIn(WebDriver browser, ConsoleProcess console) {
        browser.get(console.url("/login"));
        browser.findElement(By.id("name")).sendKeys("ann");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getCurrentUrl().endsWith("/console"));
    }

    /**
     * With {@code -Dscreenshots.dir=DIR}: the page as it is now at 1440 and at 390 px wide, as
     * {@code NAME-1440.png} and {@code NAME-390.png} (the README's screenshots); nothing otherwise.
     */
    private static void shoot(String name) throws Exception {
        shoot(name, null);
    }

    /** The same, scrolled to the element {@code startAt} (null: the top of the page). */
    private static void shoot(String name, String startAt) throws Exception {
        shootPage(browser, name, startAt);
    }

    /** {@link #shoot} with another test class's browser. */
    static void shootPage(WebDriver browser, String name, String startAt) throws Exception {
        String dir = System.getProperty("screenshots.dir");
        if (dir == null) {
            return;
        }
        java.nio.file.Files.createDirectories(Path.of(dir));
        try {
            for (int width : new int[] {1440, 390}) {
                browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, width == 390 ? 844 : 1000));
                browser.navigate().refresh();
                if (startAt != null) {
                    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                            "document.getElementById(arguments[0]).scrollIntoView({block: 'start'})", startAt);
                }
                java.nio.file.Files.write(Path.of(dir, name + "-" + width + ".png"),
                        ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }
    }

    private static String id() {
        return "<" + UUID.randomUUID() + "@client.example>";
    }

    private static SmtpClient.Result post(String from, String list, String messageId, String subject) throws Exception {
        byte[] message = ("From: " + from + "\r\nTo: " + list + "\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
                + "\r\n\r\nDetails follow.\r\n").getBytes(StandardCharsets.US_ASCII);
        return SmtpClient.send(server.config().smtpPort(), from, List.of(list), message);
    }

    private static void addOrganisation(String name, String sector, String domains) {
        browser.get(console.url("/console/organisations"));
        browser.findElement(By.id("org-name")).sendKeys(name);
        new Select(browser.findElement(By.id("org-sector"))).selectByValue(sector);
        browser.findElement(By.id("org-domains")).sendKeys(domains);
        submit(browser.findElement(By.cssSelector("#add-organisation button[type=submit]")));
    }

    /** Clicks and waits for the next page, so nothing is read off the page that is being left. */
    private static void submit(WebElement button) {
        submit(browser, button);
    }

    /** Clicks and waits until {@code browser} has left the page and loaded the next. */
    static void submit(WebDriver browser, WebElement button) {
        button.click();
        // While the page is being replaced, Chromium can answer about the old element with an
        // inspector error rather than "stale": that too means the old page is going.
        new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(org.openqa.selenium.WebDriverException.class)
                .until(ExpectedConditions.stalenessOf(button));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> "complete".equals(
                ((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    private static void addRepresentative(String email, String name, String organisation) {
        browser.get(console.url("/console/representatives"));
        browser.findElement(By.id("rep-email")).sendKeys(email);
        browser.findElement(By.id("rep-name")).sendKeys(name);
        browser.findElement(By.id("rep-organisation")).sendKeys(organisation);
        submit(browser.findElement(By.cssSelector("#add-representative button[type=submit]")));
    }

    @Test
    void anAdministratorAddsAnOrganisationAndARepresentativeWhoThenPostsThroughTheServer() throws Exception {
        addOrganisation("Harbour Bank", "finance", "harbour.example");
        // The new organisation's own page, not page 1 of the list.
        assertThat(browser.getCurrentUrl()).matches(".*/console/organisations/[0-9]+$");
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).isEqualTo("Added Harbour Bank");
        browser.get(console.url("/console/organisations?q=Harbour"));
        assertThat(browser.findElement(By.id("organisations")).getText()).contains("Harbour Bank").contains("harbour.example");

        addRepresentative("hana@harbour.example", "Hana Ito", "Harbour Bank");
        assertThat(browser.findElement(By.id("representatives")).getText()).contains("hana@harbour.example")
                .contains("Hana Ito").contains("Harbour Bank");

        String messageId = id();
        assertThat(post("hana@harbour.example", "finance@hub.localhost", messageId, "TLP:GREEN phishing wave").accepted())
                .isTrue();
        // Other tests add finance members too: Omar's copy, once, and none to the author.
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, messageId).get("omar@other.example"),
                n -> n != null && n == 1);
        assertThat(MailFixture.copiesOf(smarthost, messageId)).doesNotContainKey("hana@harbour.example");
    }

    @Test
    void aFormWithMistakesSaysWhatIsWrongNextToEachFieldAndKeepsWhatWasTyped() {
        addOrganisation("", "finance", "not a domain!");

        assertThat(browser.findElement(By.id("org-name-error")).getText()).isEqualTo("the name is empty");
        assertThat(browser.findElement(By.id("org-domains-error")).getText()).contains("not a domain name");
        assertThat(browser.findElement(By.id("org-domains")).getAttribute("value")).isEqualTo("not a domain!");
    }

    @Test
    void suspendingAnOrganisationInTheConsoleStopsItsPostsAndDeliveriesAtOnce() throws Exception {
        admin.createOrganisation("test", "Quay Bank", "finance", List.of());
        admin.addRepresentative("test", "quinn@quay.example", "Quinn", "Quay Bank");
        admin.createOrganisation("test", "Fjord Bank", "finance", List.of());
        admin.addRepresentative("test", "fay@fjord.example", "Fay", "Fjord Bank");
        browser.get(console.url("/console/organisations?q=Quay"));
        submit(browser.findElement(By.linkText("Quay Bank")));

        submit(browser.findElement(By.id("suspend")));
        // Suspending asks first, and for a reason: nothing has changed yet.
        assertThat(browser.getCurrentUrl()).endsWith("/suspend");
        assertThat(new MembershipRepository(db.jdbc()).findOrganisation("Quay Bank").orElseThrow().status())
                .isEqualTo(org.infohub.core.member.Status.ACTIVE);
        browser.findElement(By.id("suspend-reason")).sendKeys("Membership fee unpaid since March.");
        submit(browser.findElement(By.id("confirm-suspend")));

        assertThat(browser.findElement(By.id("org-status")).getText()).isEqualTo("suspended");
        assertThat(browser.findElement(By.id("org-status-reason")).getText()).isEqualTo("Membership fee unpaid since March.");
        assertThat(browser.findElement(By.id("org-people")).getText()).contains("quinn@quay.example").contains("suspended");
        assertThat(browser.findElement(By.id("org-history")).getText()).contains("organisation.suspend")
                .contains("Membership fee unpaid since March.");
        browser.get(console.url("/console/representatives/quinn@quay.example"));
        assertThat(browser.findElement(By.id("rep-org-suspended")).getText()).contains("the organisation is suspended")
                .contains("Membership fee unpaid since March.");
        String fromQuinn = id();
        post("quinn@quay.example", "finance@hub.localhost", fromQuinn, "TLP:GREEN test");
        MimeMessage notice = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "quinn@quay.example").stream()
                .filter(m -> fromQuinn.equals(MailFixture.header(m, "In-Reply-To"))).findFirst(), Optional::isPresent).get();
        assertThat(MailFixture.text(notice)).contains("or their organisation, is suspended");
        String toQuinn = id();
        post("omar@other.example", "finance@hub.localhost", toQuinn, "TLP:GREEN test");
        // The other finance members' copies arrive; Quinn's, had it been made, would travel with them.
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, toQuinn).keySet()
                .contains("fay@fjord.example"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                !MailFixture.copiesOf(smarthost, toQuinn).containsKey("quinn@quay.example")
                        && MailFixture.copiesOf(smarthost, fromQuinn).isEmpty());
    }

    @Test
    void aSubmissionPasswordSetInTheConsoleLetsTheRepresentativeSignInOnTheSubmissionPort() throws Exception {
        browser.get(console.url("/console/representatives/omar@other.example"));
        browser.findElement(By.id("smtp-password")).sendKeys("omar's long passphrase");
        submit(browser.findElement(By.cssSelector("form[action$='/smtp-password'] button[type=submit]")));

        assertThat(browser.getPageSource()).contains("Submission password of omar@other.example set");
        java.util.Properties p = new java.util.Properties();
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(server.config().trust().submissionPort()));
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.trust", "*");
        try (javax.mail.Transport t = javax.mail.Session.getInstance(p).getTransport("smtp")) {
            t.connect("omar@other.example", "omar's long passphrase");
            assertThat(t.isConnected()).isTrue();
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            try (javax.mail.Transport t = javax.mail.Session.getInstance(p).getTransport("smtp")) {
                t.connect("omar@other.example", "not the passphrase");
            }
        }).isInstanceOf(javax.mail.AuthenticationFailedException.class);
    }

    @Test
    void aRepresentativeWhoseDeliveryBouncesIsShownAndTurnedBackOn() {
        // Their own organisation, in a sector no other test posts to.
        admin.createOrganisation("test", "Bounce Works", "telecom", List.of());
        admin.addRepresentative("test", "bea@other.example", "Bea", "Bounce Works");
        org.infohub.core.trust.Bounces bounces = new org.infohub.core.trust.Bounces(db.jdbc(), Clock.systemUTC(), 2,
                Duration.ofDays(7));
        String probe = "";
        for (int i = 0; i < 3; i++) {
            probe = bounces.record("bea@other.example", "telecom", Integer.toString(i), "5.1.1", true,
                    "550 5.1.1 user unknown").orElseThrow().probeNow().orElse(probe);
        }
        bounces.record("bea@other.example", "telecom", probe, "5.1.1", true, "550 5.1.1 user unknown");
        browser.get(console.url("/console/representatives/bea@other.example"));
        assertThat(browser.findElement(By.id("delivery")).getText()).contains("Delivery stopped since");

        submit(browser.findElement(By.id("delivery-on")));

        assertThat(browser.findElement(By.id("delivery")).getText()).startsWith("Delivery on; bounce score 0.00");
        assertThat(bounces.state("bea@other.example").disabledAt()).isEmpty();
    }

    @Test
    void aListsSenderCheckIsSetOnItsPage() {
        browser.get(console.url("/console/lists/tech"));
        assertThat(new Select(browser.findElement(By.id("sender-check"))).getFirstSelectedOption().getAttribute("value"))
                .as("the safe default").isEqualTo("hold");
        new Select(browser.findElement(By.id("sender-check"))).selectByValue("reject");
        submit(browser.findElement(By.cssSelector("form[action$='/sender-check'] button[type=submit]")));

        assertThat(browser.getPageSource()).contains("Unauthenticated posts: reject");
        assertThat(new MembershipRepository(db.jdbc()).findList("tech").orElseThrow().senderCheck())
                .isEqualTo(org.infohub.core.member.HubList.SenderCheck.REJECT);
    }

    @Test
    void anOrganisationWithoutDomainsAndAFreeMailRepresentativeAreWarnedOfAndTheWarningAudited() {
        addOrganisation("Loose Ends Ltd", "tech", "");
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).startsWith("Added Loose Ends Ltd. Warning:")
                .contains("no domains");
        addRepresentative("lee@loose-ends.example", "Lee", "Loose Ends Ltd");
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).contains("Registered lee@loose-ends.example")
                .contains("Loose Ends Ltd has registered no domains");

        addOrganisation("Tidy Bank", "finance", "tidy.example");
        addRepresentative("tidy.person@gmail.com", "Tidy Person", "Tidy Bank");
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).contains("gmail.com is a free-mail provider");
        addRepresentative("tom@tidy.example", "Tom", "Tidy Bank");
        assertThat(browser.findElement(By.cssSelector("p.ok")).getText()).isEqualTo("Registered tom@tidy.example");
        // Each warning is in the audit log beside the registration; the address at its domain has none.
        assertThat(db.jdbc().query("SELECT entity_key FROM audit_log WHERE action = 'representative.warning' AND entity_key IN "
                + "('lee@loose-ends.example', 'tidy.person@gmail.com', 'tom@tidy.example') ORDER BY entity_key", rs -> rs.getString(1)))
                .containsExactly("lee@loose-ends.example", "tidy.person@gmail.com");
    }

    @Test
    void representativesAndOrganisationsShowTheirPostCountsSortableAndSearchCountsTopPosters() throws Exception {
        admin.createOrganisation("test", "Busy Bank", "finance", List.of("busy.example"));
        admin.addRepresentative("test", "bo@busy.example", "Bo", "Busy Bank");
        for (int i = 0; i < 3; i++) {
            String id = id();
            assertThat(post("bo@busy.example", "finance@hub.localhost", id, "TLP:GREEN busy note " + i).accepted()).isTrue();
            await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ?", id) == 1);
        }
        browser.get(console.url("/console/representatives?sort=posts&desc=1"));
        List<Integer> counts = browser.findElements(By.cssSelector("#representatives td.posts")).stream()
                .map(e -> Integer.parseInt(e.getText())).toList();
        assertThat(counts).isSortedAccordingTo(java.util.Comparator.reverseOrder()).contains(3);
        browser.get(console.url("/console/representatives?q=bo@busy.example"));
        assertThat(browser.findElement(By.cssSelector("#representatives td.posts")).getText()).isEqualTo("3");
        browser.get(console.url("/console/organisations?q=Busy"));
        assertThat(browser.findElement(By.cssSelector("#organisations td.posts")).getText()).isEqualTo("3");
        // Who posted most: the sender facet of a search, counted from the index.
        await().atMost(DELIVERY).ignoreExceptions().until(() -> {
            browser.get(console.url("/console/search?q=" + java.net.URLEncoder.encode("busy note", StandardCharsets.UTF_8)));
            return browser.findElement(By.id("facets")).getText().contains("bo@busy.example: 3");
        });
    }

    @Test
    void anIndicatorsPageShowsItsHistoryAndAnOrganisationSeesOnlyThePostsItReceived() throws Exception {
        admin.createOrganisation("test", "Alpha Bank", "finance", List.of("alpha-bank.example"));
        admin.createOrganisation("test", "Beta Bank", "finance", List.of("beta-bank.example"));
        admin.createOrganisation("test", "Gamma Hospital", "healthcare", List.of("gamma-hospital.example"));
        admin.addRepresentative("test", "al@alpha-bank.example", "Al", "Alpha Bank");
        admin.addRepresentative("test", "bee@beta-bank.example", "Bee", "Beta Bank");
        admin.addRepresentative("test", "gus@gamma-hospital.example", "Gus", "Gamma Hospital");
        String ip = "203.0.113.177";
        long first = postInThread("al@alpha-bank.example", id(), null, "TLP:GREEN beacon to " + ip,
                "Beacon to " + ip + " and evil-c2.xyz every minute.\n");
        postInThread("bee@beta-bank.example", id(), null, "TLP:GREEN same beacon",
                "We see " + ip + " too, resolving evil-c2.xyz.\n");
        String gammaId = id();
        byte[] message = ("From: gus@gamma-hospital.example\r\nTo: healthcare@hub.localhost\r\nSubject: TLP:GREEN beacon here"
                + "\r\nMessage-ID: " + gammaId + "\r\n\r\nOur imaging servers call " + ip + ".\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "gus@gamma-hospital.example", List.of("healthcare@hub.localhost"),
                message).accepted()).isTrue();
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COUNT(*) FROM submission WHERE message_id = ? AND distributed_at IS NOT NULL", gammaId) == 1);

        // From the post page to the indicator's page.
        browser.get(console.url("/console/posts/" + first));
        submit(browser.findElement(By.linkText(ip)));
        shoot("indicator");
        assertThat(browser.findElement(By.id("post-count")).getText()).isEqualTo("3");
        assertThat(browser.findElement(By.id("reporting-organisations")).getText()).contains("Alpha Bank (1)", "Beta Bank (1)",
                "Gamma Hospital (1)");
        assertThat(browser.findElement(By.id("reporting-sectors")).getText()).contains("finance (2)", "healthcare (1)");
        assertThat(browser.findElements(By.cssSelector("#timeline li"))).hasSize(3);
        assertThat(browser.findElement(By.id("first-seen")).getText()).isNotEqualTo("—");
        assertThat(browser.findElement(By.id("beside")).getText()).contains("domain: evil-c2.xyz (2 posts)");
        assertThat(browser.findElement(By.id("indicator-defanged")).getText()).isEqualTo("203[.]0[.]113[.]177");

        // As Other Bank (finance) sees it: the two finance posts it received, not the hospital's.
        long other = db.jdbc().queryLong("SELECT id FROM organisation WHERE name = 'Other Bank'");
        browser.get(console.url("/console/indicators?kind=ip&value=" + ip + "&as=" + other));
        assertThat(browser.findElement(By.id("post-count")).getText()).isEqualTo("2");
        assertThat(browser.findElement(By.id("viewer-note")).getText()).contains("1 other post carried it");
        assertThat(browser.findElement(By.id("reporting-organisations")).getText()).contains("Alpha Bank", "Beta Bank")
                .doesNotContain("Gamma");
        assertThat(browser.findElement(By.id("timeline")).getText()).doesNotContain("beacon here");

        // Exports of the post's indicators, fanged and defanged.
        browser.get(console.url("/console/posts/" + first + "/indicators.txt?defang=1"));
        assertThat(browser.findElement(By.tagName("body")).getText()).startsWith("# TLP:GREEN").contains("203[.]0[.]113[.]177")
                .contains("evil-c2[.]xyz");
        browser.get(console.url("/console/posts/" + first + "/indicators.txt"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains(ip).contains("evil-c2.xyz");
    }

    @Test
    void aSeenReplyIsCountedForTheOrganisationConfirmedByMailAndNeverSharedAsAPost() throws Exception {
        admin.createOrganisation("test", "Sight Bank", "finance", List.of("sight-bank.example"));
        admin.createOrganisation("test", "Far Clinic", "healthcare", List.of("far-clinic.example"));
        admin.addRepresentative("test", "sid@sight-bank.example", "Sid", "Sight Bank");
        admin.addRepresentative("test", "fay@far-clinic.example", "Fay", "Far Clinic");
        String ip = "185.220.101.201";
        String root = id();
        long seq = postInThread("sid@sight-bank.example", root, null, "TLP:GREEN scanner at " + ip,
                "Scanning from " + ip + " since 02:00.\n");
        await().atMost(DELIVERY).until(() -> MailFixture.copiesOf(smarthost, root).containsKey("omar@other.example"));

        // Omar (Other Bank, finance) received the post: his +seen counts, his +fp of an unknown address does not.
        String reply = id();
        byte[] message = ("From: omar@other.example\r\nTo: finance@hub.localhost\r\nSubject: Re: TLP:GREEN scanner at " + ip
                + "\r\nMessage-ID: " + reply + "\r\nIn-Reply-To: " + root + "\r\n\r\n+seen " + ip + "\r\n+fp 198.51.100.250\r\n\r\n"
                + "> Scanning from " + ip + " since 02:00.\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "omar@other.example", List.of("finance@hub.localhost"), message)
                .accepted()).isTrue();
        MimeMessage confirmation = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "omar@other.example").stream()
                .filter(m -> MailFixture.header(m, "In-Reply-To") != null && MailFixture.header(m, "In-Reply-To").contains(reply))
                .findFirst(), java.util.Optional::isPresent).get();
        String text = confirmation.getContent().toString();
        assertThat(confirmation.getSubject()).isEqualTo("Sightings recorded: 1 of 2");
        assertThat(text).contains("recorded: " + ip + ": seen, recorded for your organisation")
                .contains("NOT recorded: 198.51.100.250 is in no post your organisation received");
        long otherBank = db.jdbc().queryLong("SELECT id FROM organisation WHERE name = 'Other Bank'");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM sighting WHERE organisation_id = ? AND verdict = 'seen' "
                + "AND indicator_value = ? AND seq = ?", otherBank, ip, seq)).isEqualTo(1);
        // Fay (a clinic) never received the finance post: her +seen is refused with the reason.
        String fayReply = id();
        byte[] fay = ("From: fay@far-clinic.example\r\nTo: healthcare@hub.localhost\r\nSubject: Re: scanner\r\nMessage-ID: "
                + fayReply + "\r\nIn-Reply-To: " + root + "\r\n\r\n+seen " + ip + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), "fay@far-clinic.example", List.of("healthcare@hub.localhost"), fay)
                .accepted()).isTrue();
        await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "fay@far-clinic.example").stream()
                .anyMatch(m -> "Sightings recorded: 0 of 1".equals(MailFixture.header(m, "Subject"))));
        // Neither reply was shared as a post: not archived, no copy to anyone.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() ->
                MailFixture.copiesOf(smarthost, reply).isEmpty() && MailFixture.copiesOf(smarthost, fayReply).isEmpty());
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id IN (?, ?)", reply, fayReply)).isZero();

        // Other Bank's member feed (TAXII) carries a STIX sighting of the post's indicator, counting it.
        String token = new org.infohub.core.share.ShareTokens(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()),
                Clock.systemUTC()).create("test", new MembershipRepository(db.jdbc()).findOrganisation(otherBank).orElseThrow(),
                "sightings test");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.function.Function<String, com.fasterxml.jackson.databind.JsonNode> taxii = path -> {
            try {
                return json.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.publicUrl(path)))
                        .header("Accept", "application/taxii+json;version=2.1").header("Authorization", "Bearer " + token).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        List<com.fasterxml.jackson.databind.JsonNode> sightings = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : taxii.apply("/taxii2/api/collections/").get("collections")) {
            taxii.apply("/taxii2/api/collections/" + c.get("id").asText() + "/objects/?limit=1000&match[type]=sighting")
                    .path("objects").forEach(sightings::add);
        }
        assertThat(sightings).anyMatch(o -> o.get("count").asLong() == 1
                && o.get("description").asText().contains("scanner at " + ip));

        // The indicator's page counts it.
        browser.get(console.url("/console/indicators?kind=ip&value=" + ip));
        assertThat(browser.findElement(By.id("sightings")).getText()).contains("seen: 1 organisation")
                .contains("a false positive: 0 organisations");
    }

    /**
     * axe-core (the npm package, from the test's resources) on every page of the console and the
     * Public Zone, each with content on it: no serious or critical violation.
     */
    @Test
    void axeCoreFindsNoSeriousViolationOnAnyPage() throws Exception {
        String axe = new String(java.util.Objects.requireNonNull(ConsoleBrowserTest.class.getResourceAsStream(
                "/axe-core/axe.min.js")).readAllBytes(), StandardCharsets.UTF_8);
        admin.createOrganisation("test", "Axe Bank", "finance", List.of("axe-bank.example"));
        admin.addRepresentative("test", "ax@axe-bank.example", "Ax", "Axe Bank");
        String root = id();
        long seq = postInThread("ax@axe-bank.example", root, null, "TLP:AMBER beacon to 203.0.113.250",
                "Beacon to 203.0.113.250.\n\n-- \nAx\n");
        postInThread("omar@other.example", id(), root, "Re: TLP:AMBER beacon to 203.0.113.250", "Same.\n\n> Beacon to 203.0.113.250.\n");
        String held = id();
        assertThat(post("ax@axe-bank.example", "finance@hub.localhost", held, "TLP: ORANGE unsure").accepted()).isTrue();
        long outcome = await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(id), 0) FROM vetting_outcome WHERE message_id = ?", held), n -> n > 0);
        long org = db.jdbc().queryLong("SELECT id FROM organisation WHERE name = 'Axe Bank'");
        List<String> pages = List.of("/console", "/console/organisations", "/console/organisations/" + org,
                "/console/representatives", "/console/representatives/ax@axe-bank.example", "/console/lists",
                "/console/lists/finance", "/console/search?q=beacon", "/console/posts/" + seq,
                "/console/indicators?kind=ip&value=203.0.113.250", "/console/outcomes?tab=held", "/console/outcomes/" + outcome,
                "/console/audit", "/console/releases");
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
        java.util.Map<String, Object> found = new java.util.LinkedHashMap<>();
        List<String> all = new java.util.ArrayList<>();
        pages.forEach(p -> all.add(console.url(p)));
        for (String p : List.of("/public", "/subscriptions")) {
            all.add(console.publicUrl(p));
        }
        for (String url : all) {
            browser.get(url);
            js.executeScript(axe);
            Object serious = js.executeAsyncScript("var done = arguments[arguments.length - 1];"
                    + "axe.run(document, {resultTypes: ['violations']}).then(function (r) { done(r.violations"
                    + ".filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })"
                    + ".map(function (v) { return v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map(function (n) {"
                    + " return n.target.join(' '); }).join(' | '); })); })"
                    + ".catch(function (e) { done(['axe failed: ' + e]); });");
            if (serious instanceof List<?> l && !l.isEmpty()) {
                found.put(url, l);
            }
        }
        assertThat(found).as("serious or critical axe-core violations").isEmpty();
    }

    @Test
    void theListsOverviewSaysWhoMayPostAndWhetherTheSenderCheckIsOn() {
        browser.get(console.url("/console/lists?q=all"));
        String all = browser.findElement(By.id("lists")).getText();
        assertThat(all).contains("all@").contains("any representative").doesNotContain("anyone");
        assertThat(browser.findElement(By.cssSelector("#lists td.sender-check")).getText()).startsWith("on:");
    }

    @Test
    void anOrganisationNamedLikeAScriptIsShownAsText() {
        String name = "<script>document.title='owned'</script><img src=x onerror=alert(1)>";
        admin.createOrganisation("test", name, "tech", List.of());

        browser.get(console.url("/console/organisations?q=script"));

        WebElement table = browser.findElement(By.id("organisations"));
        assertThat(table.getText()).contains(name);
        assertThat(browser.getTitle()).doesNotContain("owned");
        assertThat(browser.findElements(By.cssSelector("#organisations img"))).isEmpty();
    }

    @Test
    void anAdministratorFindsAPostByADefangedIndicatorAndSeesItsIndicatorsAndFacets() throws Exception {
        String messageId = id();
        post("omar@other.example", "finance@hub.localhost", messageId, "TLP:GREEN beacon to 198.51.100[.]23");
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE message_id = ?",
                messageId) == 1);

        await().atMost(DELIVERY).ignoreExceptions().until(() -> {
            browser.get(console.url("/console/search?q=" + java.net.URLEncoder.encode("ip:198.51.100.23 list:finance",
                    StandardCharsets.UTF_8)));
            return browser.findElement(By.id("search-total")).getText().equals("1 post");
        });
        assertThat(browser.findElement(By.id("facets")).getText()).contains("finance: 1").contains("GREEN: 1");
        submit(browser.findElement(By.cssSelector("#hits a")));
        assertThat(browser.findElement(By.id("indicators")).getText()).contains("198.51.100.23");
    }

    @Test
    void theListsPageAndAListsMembersHaveSearchAndSort() {
        browser.get(console.url("/console/lists?q=fin"));
        assertThat(browser.findElement(By.id("lists")).getText()).contains("finance@").doesNotContain("healthcare@");

        browser.get(console.url("/console/lists?sort=address&desc=1"));
        List<String> addresses = browser.findElements(By.cssSelector("#lists td:first-child")).stream().map(WebElement::getText)
                .toList();
        assertThat(addresses).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        browser.get(console.url("/console/lists/finance?q=omar"));
        assertThat(browser.findElement(By.id("list-members")).getText()).contains("omar@other.example");
        browser.get(console.url("/console/lists/finance?q=nobody-here"));
        assertThat(browser.findElement(By.id("list-members")).getText()).doesNotContain("omar@other.example");
    }

    private static long postInThread(String from, String messageId, String inReplyTo, String subject, String body)
            throws Exception {
        byte[] message = ("From: " + from + "\r\nTo: finance@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: "
                + messageId + "\r\n" + (inReplyTo == null ? "" : "In-Reply-To: " + inReplyTo + "\r\n") + "\r\n"
                + body.replace("\n", "\r\n")).getBytes(StandardCharsets.UTF_8);
        SmtpClient.Result result = SmtpClient.send(server.config().smtpPort(), from, List.of("finance@hub.localhost"), message);
        assertThat(result.accepted()).as(result.toString()).isTrue();
        return await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ?", messageId), n -> n > 0);
    }

    @Test
    void aThreadOfFiveIsReadOnOnePageWithQuotesAndSignaturesFoldedAndTheKeysMoveBetweenMessages() throws Exception {
        admin.createOrganisation("test", "Thread Bank", "finance", List.of("thread-bank.example"));
        admin.addRepresentative("test", "thea@thread-bank.example", "Thea", "Thread Bank");
        String root = id();
        String r1 = id();
        String r2 = id();
        String r3 = id();
        String r4 = id();
        long first = postInThread("omar@other.example", root, null, "[ALERT] TLP:AMBER Beaconing to 198.51.100.7",
                "Two hosts beacon to 198.51.100.7 every 60 s.\n\n-- \nOmar, Other Bank SOC\n");
        long second = postInThread("thea@thread-bank.example", r1, root, "Re: [ALERT] TLP:AMBER Beaconing to 198.51.100.7",
                "Same here since 08:10.\n\nOn Tue, Omar wrote:\n> Two hosts beacon to 198.51.100.7 every 60 s.\n");
        long third = postInThread("omar@other.example", r2, r1, "Re: [ALERT] TLP:AMBER Beaconing to 198.51.100.7",
                "> Same here since 08:10.\nWhich gateway do you use?\n");
        long fourth = postInThread("thea@thread-bank.example", r3, r2, "Re: [ALERT] TLP:AMBER Beaconing to 198.51.100.7",
                "The vendor's, patched last week.\n\n-----Original Message-----\nFrom: omar\nWhich gateway do you use?\n");
        postInThread("omar@other.example", r4, r3, "Re: [ALERT] TLP:AMBER Beaconing to 198.51.100.7",
                "Thanks for sharing.\n");

        browser.get(console.url("/console/posts/" + first));
        shoot("conversation", "conversation-title");

        List<WebElement> messages = browser.findElements(By.cssSelector("#conversation > li.message"));
        assertThat(messages).hasSize(5);
        assertThat(messages.get(0).getText()).contains("omar@other.example", "(Other Bank)", "TLP:AMBER", "Alert",
                "this post", "Two hosts beacon to 198.51.100.7 every 60 s.");
        assertThat(messages.get(1).getText()).contains("thea@thread-bank.example", "(Thread Bank)", "Discussion",
                "Same here since 08:10.");
        assertThat(messages.get(2).getText()).contains("Which gateway do you use?");
        assertThat(messages.get(3).getText()).contains("The vendor's, patched last week.");
        // The replies are discussions (issue 27, item 4), "Thanks for sharing" too.
        assertThat(messages.get(4).getText()).contains("Thanks for sharing.", "Discussion").doesNotContain("Alert");
        // Quotes and the signature are folded: there, closed, and opened with a click.
        WebElement quote = messages.get(1).findElement(By.cssSelector("details.quote"));
        assertThat(quote.getAttribute("open")).isNull();
        assertThat(quote.findElement(By.tagName("pre")).isDisplayed()).isFalse();
        assertThat(messages.get(0).findElement(By.cssSelector("details.signature summary")).getText()).startsWith("Signature");
        assertThat(messages.get(3).findElement(By.cssSelector("details.quote pre")).isDisplayed()).isFalse();
        quote.findElement(By.tagName("summary")).click();
        assertThat(quote.findElement(By.tagName("pre")).getText()).contains("> Two hosts beacon");
        // j and k move between the messages.
        browser.findElement(By.tagName("body")).sendKeys("j");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("m-" + second);
        browser.switchTo().activeElement().sendKeys("jj");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("m-" + fourth);
        browser.switchTo().activeElement().sendKeys("k");
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("m-" + third);
        // A reply's own page shows the same conversation, itself marked.
        browser.get(console.url("/console/posts/" + third));
        assertThat(browser.findElement(By.cssSelector("#conversation li[aria-current=true]")).getAttribute("id"))
                .isEqualTo("m-" + third);
    }

    @Test
    void thePostViewListsTheAttachments() throws Exception {
        String messageId = id();
        byte[] message = ("From: omar@other.example\r\nTo: finance@hub.localhost\r\nSubject: TLP:GREEN report attached\r\n"
                + "Message-ID: " + messageId + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b1\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain\r\n\r\nSee the report.\r\n--b1\r\nContent-Type: application/pdf; "
                + "name=incident-report.pdf\r\nContent-Disposition: attachment; filename=incident-report.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n").getBytes(StandardCharsets.US_ASCII);
        SmtpClient.send(server.config().smtpPort(), "omar@other.example", List.of("finance@hub.localhost"), message);
        long seq = await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ?", messageId), n -> n > 0);

        browser.get(console.url("/console/posts/" + seq));

        assertThat(browser.findElement(By.id("attachments")).getText()).contains("incident-report.pdf");
    }

    @Test
    void aQueryThatCannotBeReadGetsAClearErrorOnThePageAndFromTheApi() throws Exception {
        browser.get(console.url("/console/search?q=ip%3A10.1"));
        assertThat(browser.findElement(By.id("search-error")).getText()).contains("ip: '10.1' is not an IP address");

        String token = new AdminUsers(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC())
                .createToken("test", "ann", "search");
        java.net.http.HttpResponse<String> api = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(console.url("/api/search?q=cidr%3A10.0.0.0%2F99")))
                        .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(400);
        assertThat(api.body()).contains("is not a range");
    }

    @Test
    void theDashboardShowsTheFiguresAndTheAuditLogTheChanges() {
        admin.createOrganisation("test", "Audit Bank", "finance", List.of());

        browser.get(console.url("/console"));
        assertThat(browser.findElement(By.id("figures")).getText()).contains("organisations").contains("representatives");
        browser.get(console.url("/console/audit?q=Audit+Bank"));
        assertThat(browser.findElement(By.id("audit")).getText()).contains("organisation.create").contains("Audit Bank");
    }

    /**
     * Issue 28: the console's switch turns the frame (navigation, sign-out, the server banner) and
     * the dashboard into Traditional Chinese, and keeps it for the next page; the English words
     * are gone from them; the switch leads back.
     */
    @Test
    void theConsoleSwitchesToTraditionalChineseAndBack() throws Exception {
        browser.get(console.url("/console"));
        try {
            browser.findElement(By.id("console-language")).click();
            new org.openqa.selenium.support.ui.WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                    "zh-HK".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("\u7e3d\u89bd");
            String frame = browser.findElement(By.tagName("header")).getText();
            String figures = browser.findElement(By.id("figures")).getText();
            assertThat(frame).contains("\u6a5f\u69cb").contains("\u4ee3\u8868").contains("\u767b\u51fa");
            for (String english : List.of("Dashboard", "Organisations", "Representatives", "Lists", "Search", "Releases",
                    "Refused and held", "Audit log", "Sign out")) {
                assertThat(frame).as(english).doesNotContain(english);
            }
            assertThat(figures).contains("\u540d\u4ee3\u8868").doesNotContain("representatives").doesNotContain("active")
                    .doesNotContain("posts shared");
            shootPage(browser, "console-dashboard-zh-HK", null);
            // The choice is kept: the next page, the search, is in Chinese too.
            browser.get(console.url("/console/search"));
            assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-HK");
            assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("\u641c\u5c0b\u5b58\u6a94");
            assertThat(browser.findElement(By.id("search-total")).getText()).matches("\\d+ \u500b\u5e16\u5b50");
            String search = browser.findElement(By.cssSelector("form[role=search]")).getText() + "\n"
                    + browser.findElement(By.id("facets")).getText() + "\n"
                    + browser.findElement(By.cssSelector("#hits thead")).getText();
            assertThat(search).contains("\u67e5\u8a62");
            for (String english : List.of("Query", "Order", "best match", "Kind", "Sector", "Organisation", "Received", "From")) {
                assertThat(search).as(english).doesNotContain(english);
            }
            shootPage(browser, "console-search-zh-HK", null);
            // Every other page of the console: its title, headings, labels, buttons and table heads in Chinese
            // (the data in them, names and addresses, is as it was registered).
            Map<String, String> pages = new java.util.LinkedHashMap<>();
            pages.put("/console/organisations", "\u6a5f\u69cb");
            pages.put("/console/representatives", "\u4ee3\u8868");
            pages.put("/console/lists", "\u540d\u55ae");
            pages.put("/console/outcomes?tab=held", "\u62d2\u7d55\u53ca\u66ab\u7de9\u7684\u5e16\u5b50");
            pages.put("/console/releases", "\u516c\u958b\u767c\u4f48");
            pages.put("/console/audit", "\u5be9\u8a08\u8a18\u9304");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                browser.get(console.url(page.getKey()));
                assertThat(browser.findElement(By.tagName("h1")).getText()).as(page.getKey()).isEqualTo(page.getValue());
                String words = String.join("\n", browser.findElements(By.cssSelector(
                        "main h2, main thead, main th, main label, main legend, main button, main .pager, nav.tabs"))
                        .stream().map(WebElement::getText).toList());
                java.util.regex.Matcher english = java.util.regex.Pattern.compile("\\b(?!TLP|CSV|STIX|TAXII|MISP|SMTP|AUTH|"
                        + "CIDR|AS\\b|DMARC|Atom)[A-Za-z]{3,}\\b").matcher(words);
                assertThat(english.find()).as(page.getKey() + ": " + (english.hitEnd() ? "" : english.group()) + " in " + words)
                        .isFalse();
            }
        } finally {
            browser.get(console.url("/console-language/en"));
        }
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dashboard");
    }

    @Test
    void aLinkCannotPutTextInTheSuccessBanner() {
        browser.get(console.url("/console/organisations?done=Your+password+expired.+Call+the+helpdesk+on+555-0100"));

        assertThat(browser.getPageSource()).doesNotContain("Your password expired");
    }

    @Test
    void twentyHeldPostsAreFoundByReasonAndRejectedInOneGoWithTheCountsAgreeingEverywhere() throws Exception {
        admin.createOrganisation("test", "Queue Bank", "finance", List.of("queue-bank.example"));
        admin.addRepresentative("test", "quinn@queue-bank.example", "Quinn", "Queue Bank");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // A label that cannot be read holds the post and asks its sender (issue 22).
            String id = id();
            ids.add(id);
            assertThat(post("quinn@queue-bank.example", "finance@hub.localhost", id, "TLP: ORANGE queue test " + i)
                    .accepted()).isTrue();
        }
        String stranger = id();
        assertThat(post("someone@stranger.example", "finance@hub.localhost", stranger, "TLP:GREEN from outside").accepted())
                .isTrue();
        String in = String.join(",", java.util.Collections.nCopies(ids.size(), "?"));
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'held' "
                + "AND message_id IN (" + in + ")", ids.toArray()) == 20
                && db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE message_id = ?", stranger) == 1);
        long held = db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'held'");
        long refused = db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'refused'");

        // The badge, the held tab, the dashboard and its CSV say the same number: every waiting post.
        browser.get(console.url("/console"));
        assertThat(browser.findElement(By.id("held-waiting")).getText()).isEqualTo(held + " waiting");
        assertThat(browser.findElement(By.cssSelector("#figure-held strong")).getText()).isEqualTo(Long.toString(held));
        submit(browser.findElement(By.id("held-waiting")));
        assertThat(browser.findElement(By.cssSelector("#tab-held .count")).getText()).isEqualTo(Long.toString(held));
        assertThat(browser.findElement(By.cssSelector("#tab-refused .count")).getText()).isEqualTo(Long.toString(refused));
        assertThat(browser.findElement(By.id("queue-total")).getText()).startsWith(held + (held == 1 ? " post" : " posts"));
        // The refused tab holds the stranger's post, its reason in words, not a code.
        browser.get(console.url("/console/outcomes?tab=refused&sender=stranger.example"));
        assertThat(browser.findElement(By.id("outcomes")).getText()).contains("someone@stranger.example")
                .contains("Not a representative").contains("is not a registered representative")
                .doesNotContain("NOT_A_REPRESENTATIVE");

        // The queue and a held post's page fit a phone (the held page used to scroll sideways at 390 px).
        long oneHeld = db.jdbc().queryLong("SELECT MIN(id) FROM vetting_outcome WHERE message_id IN (" + in + ")", ids.toArray());
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        try {
            for (String page : List.of("/console/outcomes?tab=held", "/console/outcomes/" + oneHeld)) {
                browser.get(console.url(page));
                org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
                assertThat(((Number) js.executeScript("return document.documentElement.scrollWidth")).intValue())
                        .as(page + " on a 390 px screen").isLessThanOrEqualTo(
                                ((Number) js.executeScript("return window.innerWidth")).intValue());
            }
        } finally {
            browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));
        }

        // Filtered by reason and sender: Quinn's twenty, ticked (one by the keyboard), rejected with one reason.
        browser.get(console.url("/console/outcomes?tab=held&reason=TLP_UNCERTAIN&sender=quinn"));
        shoot("queue");
        assertThat(browser.findElement(By.id("queue-total")).getText()).startsWith("20 posts");
        List<WebElement> boxes = browser.findElements(By.cssSelector("#outcomes input[name=id]"));
        assertThat(boxes).hasSize(20);
        browser.findElement(By.tagName("body")).sendKeys("j");
        browser.switchTo().activeElement().sendKeys("x");
        assertThat(boxes.get(0).isSelected()).isTrue();
        for (WebElement box : boxes.subList(1, 20)) {
            box.click();
        }
        submit(browser.findElement(By.id("bulk-reject")));
        assertThat(browser.getPageSource()).contains("Say why the posts are rejected");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'held' AND message_id IN (" + in
                + ")", ids.toArray())).isEqualTo(20);

        browser.get(console.url("/console/outcomes?tab=held&reason=TLP_UNCERTAIN&sender=quinn"));
        for (WebElement box : browser.findElements(By.cssSelector("#outcomes input[name=id]"))) {
            box.click();
        }
        browser.findElement(By.id("bulk-reason")).sendKeys("Relabel with a TLP 2.0 label and send again.");
        submit(browser.findElement(By.id("bulk-reject")));
        assertThat(browser.getPageSource()).contains("Rejected 20 posts");
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE outcome = 'rejected' AND decision_reason = ? "
                + "AND decided_by = 'console:ann' AND message_id IN (" + in + ")",
                java.util.stream.Stream.concat(java.util.stream.Stream.of("Relabel with a TLP 2.0 label and send again."),
                        ids.stream()).toArray())).isEqualTo(20);
        assertThat(browser.findElement(By.cssSelector("#tab-held .count")).getText()).isEqualTo(Long.toString(held - 20));
        // Each sender told, with the reason (the notices go out on the server's timer).
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM vetting_outcome WHERE "
                + "rejection_notice_at IS NOT NULL AND message_id IN (" + in + ")", ids.toArray()) == 20);
    }

    @Test
    void aHeldPostIsReadInFullAndRejectedOnlyWithAReason() throws Exception {
        admin.createOrganisation("test", "Moor Bank", "finance", List.of());
        admin.addRepresentative("test", "mo@moor.example", "Mo", "Moor Bank");
        admin.createGroupList("test", "moderated-desk", "Moderated desk", org.infohub.core.member.HubList.PostingPolicy.MODERATED,
                "", List.of("Moor Bank", "Other Bank"));
        String id = id();
        String boundary = "b-" + id.hashCode();
        byte[] message = ("From: Mo <mo@moor.example>\r\nTo: moderated-desk@hub.localhost\r\nSubject: TLP:GREEN held for "
                + "review\r\nMessage-ID: " + id + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\""
                + boundary + "\"\r\n\r\n--" + boundary + "\r\nContent-Type: text/plain\r\n\r\nThe heldtextmarker body."
                + "\r\n--" + boundary + "\r\nContent-Type: text/csv\r\nContent-Disposition: attachment; filename=\"iocs.csv\""
                + "\r\n\r\nip,first_seen\r\n203.0.113.7,2026-11-30\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        assertThat(SmtpClient.send(server.config().smtpPort(), "mo@moor.example", List.of("moderated-desk@hub.localhost"),
                message).accepted()).isTrue();
        long outcome = await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(id), 0) FROM vetting_outcome WHERE message_id = ? AND outcome = 'held'", id), n -> n > 0);

        browser.get(console.url("/console/outcomes"));
        assertThat(browser.findElement(By.id("held-waiting")).getText()).contains("waiting");
        browser.get(console.url("/console/outcomes/" + outcome));

        assertThat(browser.findElement(By.id("held-text")).getText()).contains("The heldtextmarker body.");
        assertThat(browser.findElement(By.id("held-envelope")).getText()).isEqualTo("mo@moor.example");
        assertThat(browser.findElement(By.id("held-from")).getText()).contains("mo@moor.example");
        assertThat(browser.findElement(By.id("held-auth")).getText()).contains("spf=pass");
        assertThat(browser.findElement(By.id("held-attachments")).getText()).contains("iocs.csv").contains("text/csv")
                .contains("bytes");
        assertThat(browser.findElement(By.id("held-reasons")).getText()).contains("moderated");

        submit(browser.findElement(By.id("reject")));
        assertThat(browser.findElement(By.id("held-problem")).getText()).contains("Say why");
        assertThat(browser.findElement(By.id("held-state")).getText()).isEqualTo("held");

        browser.findElement(By.id("reject-reason")).sendKeys("Duplicate of yesterday's alert.");
        submit(browser.findElement(By.id("reject")));
        browser.get(console.url("/console/outcomes/" + outcome));
        assertThat(browser.findElement(By.id("held-state")).getText()).isEqualTo("rejected");
        assertThat(browser.findElement(By.id("held-decided")).getText()).contains("console:ann")
                .contains("Duplicate of yesterday's alert.");
        // Mo's address was confirmed by SPF: the notice rules allow telling Mo, with the reason.
        MimeMessage notice = await().atMost(DELIVERY).until(() -> MailFixture.inbox(smarthost, "mo@moor.example").stream()
                .filter(m -> id.equals(MailFixture.header(m, "In-Reply-To"))
                        && String.valueOf(MailFixture.header(m, "Subject")).startsWith("Not shared")).findFirst(),
                Optional::isPresent).get();
        assertThat(String.valueOf(notice.getContent()).replaceAll("\\s+", " ")).contains("Duplicate of yesterday's alert.")
                .contains("decided not to share it");
    }
}

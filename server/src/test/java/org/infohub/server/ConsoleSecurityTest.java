package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the console refuses, over plain HTTP against the console process: no page or API call
 * without a session or a token, no form POST without the session's CSRF token, and a lock-out
 * after five wrong passwords.
 */
class ConsoleSecurityTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dataDir;

    private static HubDatabase db;
    private static ConsoleProcess console;
    private static AdminUsers users;

    @BeforeAll
    static void start() throws Exception {
        String url = TestDatabase.freshUrl("console_security");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        users = new AdminUsers(db.jdbc(), new AuditLog(db.jdbc(), Clock.systemUTC()), Clock.systemUTC());
        users.create("test", "ann", ConsoleBrowserTest.PASSWORD);
        users.create("test", "victim", ConsoleBrowserTest.PASSWORD);
        console = ConsoleProcess.start(url, dataDir);
    }

    @AfterAll
    static void stop() {
        if (console != null) {
            console.close();
        }
        if (db != null) {
            db.close();
        }
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static HttpResponse<String> get(HttpClient http, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url(path)));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient http, String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(console.url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String csrfOf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field in the page").isTrue();
        return m.group(1);
    }

    /** A client signed in as ann, with the session's CSRF token. */
    private static Map.Entry<HttpClient, String> signedIn() throws Exception {
        HttpClient http = client();
        String csrf = csrfOf(get(http, "/login").body());
        HttpResponse<String> r = post(http, "/login", Map.of("_csrf", csrf, "name", "ann", "password",
                ConsoleBrowserTest.PASSWORD));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().allValues("Set-Cookie")).anyMatch(c -> c.contains("HttpOnly") && c.contains("SameSite=Strict"));
        return Map.entry(http, csrfOf(get(http, "/console/organisations").body()));
    }

    @Test
    void everyConsolePageWithoutASessionSendsToTheSignInPage() throws Exception {
        HttpClient http = client();
        for (String page : List.of("/console", "/console/organisations", "/console/representatives", "/console/lists",
                "/console/lists/finance", "/console/outcomes", "/console/audit", "/console/export.csv")) {
            HttpResponse<String> r = get(http, page);

            assertThat(r.statusCode()).as(page).isEqualTo(302);
            assertThat(r.headers().firstValue("Location")).as(page).hasValue("/login");
        }
        assertThat(post(http, "/console/organisations", Map.of("name", "Sneaky", "sector", "finance")).statusCode())
                .isEqualTo(403);
        assertThat(new MembershipRepository(db.jdbc()).findOrganisation("Sneaky")).isEmpty();
    }

    @Test
    void everyApiCallWithoutAValidTokenIsRefused() throws Exception {
        HttpClient http = client();
        for (String path : List.of("/api/stats", "/api/organisations", "/api/representatives", "/api/lists", "/api/outcomes")) {
            assertThat(get(http, path).statusCode()).as(path).isEqualTo(401);
            assertThat(get(http, path, "Authorization", "Bearer ih_not-a-token").statusCode()).as(path).isEqualTo(401);
        }
        String token = users.createToken("test", "ann", "test");

        HttpResponse<String> ok = get(http, "/api/lists", "Authorization", "Bearer " + token);

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"address\":\"finance\"");
    }

    @Test
    void theApiCreatesAnOrganisationAndSaysWhatIsWrongWithBadInput() throws Exception {
        String token = users.createToken("test", "ann", "automation");
        HttpClient http = client();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.url("/api/organisations")))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");

        HttpResponse<String> created = http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"Api Bank\",\"sector\":\"finance\",\"domains\":[\"api-bank.example\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = http.send(b.POST(HttpRequest.BodyPublishers.ofString(
                "{\"name\":\"\",\"sector\":\"nowhere\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(new MembershipRepository(db.jdbc()).findOrganisation("Api Bank").orElseThrow().domains())
                .containsExactly("api-bank.example");
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("\"name\":\"the name is empty\"").contains("unknown sector 'nowhere'");
    }

    @Test
    void aFormPostWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        Map.Entry<HttpClient, String> session = signedIn();

        HttpResponse<String> missing = post(session.getKey(), "/console/organisations", Map.of("name", "No Token Bank",
                "sector", "finance"));
        HttpResponse<String> wrong = post(session.getKey(), "/console/organisations", Map.of("_csrf", "forged",
                "name", "Forged Token Bank", "sector", "finance"));
        HttpResponse<String> right = post(session.getKey(), "/console/organisations", Map.of("_csrf", session.getValue(),
                "name", "Real Token Bank", "sector", "finance"));

        assertThat(missing.statusCode()).isEqualTo(403);
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(right.statusCode()).isEqualTo(302);
        MembershipRepository members = new MembershipRepository(db.jdbc());
        assertThat(members.findOrganisation("No Token Bank")).isEmpty();
        assertThat(members.findOrganisation("Forged Token Bank")).isEmpty();
        assertThat(members.findOrganisation("Real Token Bank")).isPresent();
    }

    @Test
    void fiveWrongPasswordsLockTheAccountEvenAgainstTheRightOne() throws Exception {
        HttpClient http = client();
        String csrf = csrfOf(get(http, "/login").body());
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = post(http, "/login", Map.of("_csrf", csrf, "name", "victim", "password", "wrong " + i));
            assertThat(r.statusCode()).isEqualTo(401);
        }

        HttpResponse<String> right = post(http, "/login", Map.of("_csrf", csrf, "name", "victim", "password",
                ConsoleBrowserTest.PASSWORD));

        assertThat(right.statusCode()).isEqualTo(401);
        assertThat(right.body()).contains("This account is locked");
        assertThat(users.find("victim").orElseThrow().lockedUntil()).isPresent();
    }

    @Test
    void theConsoleSaysPlainlyWhenTheHubServerIsNotRunning() throws Exception {
        assertThat(get(client(), "/login").body()).contains("The hub server is not running");
    }
}

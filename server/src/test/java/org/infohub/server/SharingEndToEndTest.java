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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.infohub.admin.auth.AdminUsers;
import org.infohub.core.audit.AuditLog;
import org.infohub.core.config.HubConfig;
import org.infohub.core.db.HubDatabase;
import org.infohub.core.member.MembershipAdmin;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;

/**
 * From mail in to the member's tool out: posts taken over SMTP are read back by a plain HTTP
 * client, as a TAXII 2.1 client and a MISP feed subscription would, with the organisation's token:
 * only what reached the organisation (the hub refuses TLP:RED posts outright); the Public Zone's
 * released items without one.
 */
class SharingEndToEndTest {
    private static final Duration DELIVERY = Duration.ofSeconds(30);
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dataDir;

    private static GreenMail smarthost;
    private static HubServer server;
    private static HubDatabase db;
    private static ConsoleProcess console;
    private static String adminToken;
    private static String bankToken;
    private static long green;
    private static long second;
    private static long healthcare;
    private static Instant greenAt;

    @BeforeAll
    static void start() throws Exception {
        smarthost = MailFixture.smarthost();
        String url = TestDatabase.freshUrl("sharing");
        db = HubDatabase.connect(url, TestDatabase.user(), TestDatabase.password(), 2);
        AuditLog audit = new AuditLog(db.jdbc(), Clock.systemUTC());
        MembershipAdmin admin = new MembershipAdmin(new MembershipRepository(db.jdbc()), audit, Clock.systemUTC());
        AdminUsers users = new AdminUsers(db.jdbc(), audit, Clock.systemUTC());
        users.create("test", "ann", ConsoleBrowserTest.PASSWORD);
        adminToken = users.createToken("test", "ann", "sharing");
        admin.createOrganisation("test", "North Bank", "finance", List.of("north.example"));
        admin.addRepresentative("test", "nina@north.example", "Nina", "North Bank");
        admin.createOrganisation("test", "West Bank", "finance", List.of("west.example", "westbank.com.hk"));
        admin.addRepresentative("test", "wes@west.example", "Wes", "West Bank");
        admin.createOrganisation("test", "Care Clinic", "healthcare", List.of("care.example"));
        admin.addRepresentative("test", "carl@care.example", "Carl", "Care Clinic");
        admin.addRepresentative("test", "cleo@care.example", "Cleo", "Care Clinic");
        HubConfig config = MailFixture.config(dataDir, Optional.of(url), smarthost, Map.of());
        server = new HubServer(config).start();
        console = ConsoleProcess.start(url, dataDir);

        green = post("wes@west.example", "finance", "TLP:GREEN [ALERT] beacon to 185.220.101.50",
                "Beaconing to 185.220.101.50 and evil-update.com from our host 10.20.71.152 (fileserver01.westbank.com.hk), "
                        + "lookups through 8.8.8.8; sample 44d88612fea8a8f36de82e1278abb02f; CVE-2024-3400.");
        second = post("wes@west.example", "finance", "TLP:CLEAR second note", "More from 185.220.101.51.");
        healthcare = post("cleo@care.example", "healthcare", "TLP:GREEN clinic note", "Scans from 91.92.240.77.");
        greenAt = db.jdbc().queryOne("SELECT received_at FROM submission WHERE seq = ?", rs -> rs.getTimestamp(1).toInstant(),
                green).orElseThrow();
        HttpResponse<String> made = api("POST", "/api/organisations/North%20Bank/tokens", "{\"label\":\"SOC MISP\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        bankToken = JSON.readTree(made.body()).get("token").asText();
    }

    @AfterAll
    static void stop() {
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

    /** Posts over SMTP and waits until its copies went out and who got them is recorded. */
    private static long post(String from, String list, String subject, String body) throws Exception {
        String id = "<" + UUID.randomUUID() + "@client.example>";
        byte[] message = ("From: " + from + "\r\nTo: " + list + "@hub.localhost\r\nSubject: " + subject + "\r\nMessage-ID: " + id
                + "\r\n\r\n" + body + "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThat(SmtpClient.send(server.config().smtpPort(), from, List.of(list + "@hub.localhost"), message).accepted())
                .isTrue();
        long seq = await().atMost(DELIVERY).until(() -> db.jdbc().queryLong(
                "SELECT COALESCE(MAX(seq), 0) FROM submission WHERE message_id = ?", id), n -> n > 0);
        await().atMost(DELIVERY).until(() -> db.jdbc().queryLong("SELECT COUNT(*) FROM submission WHERE seq = ? AND distributed_at IS NOT NULL", seq) > 0);
        return seq;
    }

    private static HttpResponse<String> api(String method, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.url(path)))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final com.fasterxml.jackson.databind.node.JsonNodeType STRING = com.fasterxml.jackson.databind.node.JsonNodeType.STRING;
    private static final com.fasterxml.jackson.databind.node.JsonNodeType NUMBER = com.fasterxml.jackson.databind.node.JsonNodeType.NUMBER;
    private static final com.fasterxml.jackson.databind.node.JsonNodeType BOOLEAN =
            com.fasterxml.jackson.databind.node.JsonNodeType.BOOLEAN;
    private static final com.fasterxml.jackson.databind.node.JsonNodeType OBJECT = com.fasterxml.jackson.databind.node.JsonNodeType.OBJECT;
    private static final com.fasterxml.jackson.databind.node.JsonNodeType ARRAY = com.fasterxml.jackson.databind.node.JsonNodeType.ARRAY;

    /** Every field of {@code types} is present in {@code node} with its JSON type. */
    private static void assertTypes(String what, JsonNode node, Map<String, com.fasterxml.jackson.databind.node.JsonNodeType> types) {
        types.forEach((field, type) -> assertThat(node.has(field) ? node.get(field).getNodeType() : null)
                .as(what + "." + field + " in " + node).isEqualTo(type));
    }

    /** A GET on the Public Zone's listener, as a TAXII client or MISP sends it. */
    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.publicUrl(path))).header("Accept", TAXII);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode taxii(String path, String token) throws Exception {
        HttpResponse<String> r = get(path, token);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(TAXII);
        return JSON.readTree(r.body());
    }

    private static String collection(String token, String title) throws Exception {
        for (JsonNode c : taxii("/taxii2/api/collections/", token).get("collections")) {
            if (c.get("title").asText().equals(title)) {
                return c.get("id").asText();
            }
        }
        throw new AssertionError("no collection " + title);
    }

    private static List<String> reports(JsonNode envelope) {
        List<String> names = new ArrayList<>();
        if (envelope.has("objects")) {
            envelope.get("objects").forEach(o -> {
                if (o.get("type").asText().equals("report")) {
                    names.add(o.get("name").asText());
                }
            });
        }
        return names;
    }

    @Test
    void aTaxiiClientWithItsOrganisationsTokenReadsWhatReachedItPageByPageAndNothingElse() throws Exception {
        JsonNode discovery = taxii("/taxii2/", null);
        assertThat(discovery.get("api_roots").get(0).asText()).endsWith("/taxii2/api/");
        assertThat(taxii("/taxii2/api/", null).get("versions").get(0).asText()).isEqualTo(TAXII);
        List<String> anonymous = new ArrayList<>();
        taxii("/taxii2/api/collections/", null).get("collections").forEach(c -> anonymous.add(c.get("title").asText()));
        assertThat(anonymous).containsExactly("Public Zone");
        List<String> titles = new ArrayList<>();
        taxii("/taxii2/api/collections/", bankToken).get("collections").forEach(c -> titles.add(c.get("title").asText()));
        assertThat(titles).contains("Public Zone", "finance@hub.localhost", "all@hub.localhost")
                .doesNotContain("healthcare@hub.localhost");

        String finance = collection(bankToken, "finance@hub.localhost");
        HttpResponse<String> noToken = get("/taxii2/api/collections/" + finance + "/objects/", null);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(noToken.body()).get("http_status").asText()).isEqualTo("401");

        JsonNode all = taxii("/taxii2/api/collections/" + finance + "/objects/", bankToken);
        assertThat(all.get("more").asBoolean()).isFalse();
        assertThat(reports(all)).containsExactly("TLP:GREEN [ALERT] beacon to 185.220.101.50", "TLP:CLEAR second note");
        List<String> patterns = new ArrayList<>();
        all.get("objects").forEach(o -> {
            if (o.has("pattern")) {
                patterns.add(o.get("pattern").asText());
            }
        });
        assertThat(patterns).contains("[ipv4-addr:value = '185.220.101.50']", "[domain-name:value = 'evil-update.com']",
                "[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']").noneMatch(p -> p.contains("91.92.240.77"))
                // The victim's own hosts and a public resolver are context: no pattern a SIEM would act on.
                .noneMatch(p -> p.contains("10.20.71.152") || p.contains("westbank") || p.contains("8.8.8.8"));
        assertThat(all.toString()).contains("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb")
                .contains("CVE-2024-3400").doesNotContain("clinic note");

        // limit counts objects (TAXII 2.1, 3.4.1): page by page, one object at a time, the same objects in the same order.
        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = taxii("/taxii2/api/collections/" + finance + "/objects/?limit=1"
                    + (cursor == null ? "" : "&next=" + cursor), bankToken);
            assertThat(page.get("objects")).hasSize(1);
            paged.add(page.get("objects").get(0).get("id").asText());
            cursor = page.get("more").asBoolean() ? page.get("next").asText() : null;
        } while (cursor != null && paged.size() < 100);
        List<String> whole = new ArrayList<>();
        all.get("objects").forEach(o -> whole.add(o.get("id").asText()));
        assertThat(paged).isEqualTo(whole).doesNotHaveDuplicates();
        // The collection's objects are valid STIX 2.1 against OASIS's schemas, every pattern against the grammar.
        List<JsonNode> objects = new ArrayList<>();
        all.get("objects").forEach(objects::add);
        assertThat(org.infohub.core.testing.StixConformance.objectProblems(objects, true)).isEmpty();

        JsonNode after = taxii("/taxii2/api/collections/" + finance + "/objects/?added_after=" + greenAt, bankToken);
        assertThat(reports(after)).doesNotContain("TLP:GREEN [ALERT] beacon to 185.220.101.50");

        assertThat(get("/taxii2/api/collections/" + finance + "/objects/?added_after=yesterday", bankToken).statusCode())
                .isEqualTo(400);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(console.publicUrl("/taxii2/")))
                .header("Accept", "application/xml").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(406);
        assertThat(healthcare).isPositive();
    }

    /** One MUST of TAXII 2.1 as a request and what the answer must be. */
    private record Must(String requirement, String method, String path, String token, String accept, int status,
                        java.util.function.Predicate<HttpResponse<String>> holds) {
    }

    private static java.util.function.Predicate<HttpResponse<String>> body(java.util.function.Predicate<JsonNode> p) {
        return r -> {
            try {
                return p.test(JSON.readTree(r.body()));
            } catch (java.io.IOException e) {
                return false;
            }
        };
    }

    private static List<String> ids(JsonNode envelope, String field) {
        List<String> out = new ArrayList<>();
        envelope.path(field).forEach(o -> out.add(o.isTextual() ? o.asText() : o.get("id").asText()));
        return out;
    }

    private static boolean addedHeaders(HttpResponse<String> r) {
        return r.headers().firstValue("X-TAXII-Date-Added-First").map(v -> v.matches("\\d{4}-.*Z")).orElse(false)
                && r.headers().firstValue("X-TAXII-Date-Added-Last").isPresent();
    }

    @Test
    void theTaxiiServerMeetsEveryRequirementOfTheStandardARequestEach() throws Exception {
        String finance = collection(bankToken, "finance@hub.localhost");
        String publicCollection = collection(null, "Public Zone");
        String healthcareCollection = org.infohub.core.share.Stix.uuid5("collection:hub.localhost:healthcare").toString();
        String base = "/taxii2/api/collections/" + finance;
        JsonNode all = taxii(base + "/objects/", bankToken);
        JsonNode report = java.util.stream.StreamSupport.stream(all.get("objects").spliterator(), false)
                .filter(o -> o.get("type").asText().equals("report")).findFirst().orElseThrow();
        String reportId = report.get("id").asText();
        String version = report.get("modified").asText();
        String taxii20 = "application/taxii+json;version=2.0";
        List<Must> table = List.of(
                new Must("discovery answers with its API roots", "GET", "/taxii2/", null, TAXII, 200,
                        body(b -> b.get("api_roots").size() == 1 && b.has("default"))),
                new Must("the API root names TAXII 2.1 among its versions", "GET", "/taxii2/api/", null, TAXII, 200,
                        body(b -> b.get("versions").toString().contains(TAXII) && b.has("max_content_length"))),
                new Must("application/taxii+json without a version means the latest, 2.1", "GET", "/taxii2/api/", null,
                        "application/taxii+json", 200, r -> true),
                new Must("a client that accepts TAXII 2.0 only gets 406", "GET", "/taxii2/api/", null, taxii20, 406, r -> true),
                new Must("another media type gets 406", "GET", "/taxii2/api/collections/", null, "application/xml", 406, r -> true),
                new Must("a wrong token gets 401, never the public view", "GET", "/taxii2/api/collections/", "not-a-token", TAXII,
                        401, r -> r.headers().firstValue("WWW-Authenticate").isPresent()),
                new Must("a member collection without a token gets 401", "GET", base + "/objects/", null, TAXII, 401, r -> true),
                new Must("a collection the organisation cannot see gets 404", "GET", "/taxii2/api/collections/"
                        + healthcareCollection + "/objects/", bankToken, TAXII, 404, r -> true),
                new Must("an unknown collection gets 404", "GET", "/taxii2/api/collections/" + UUID.randomUUID() + "/", bankToken,
                        TAXII, 404, r -> true),
                new Must("adding objects to a read-only collection gets 403", "POST", base + "/objects/", bankToken, TAXII, 403,
                        r -> true),
                new Must("deleting an object of a read-only collection gets 403", "DELETE", base + "/objects/" + reportId + "/",
                        bankToken, TAXII, 403, r -> true),
                new Must("a method the resource does not serve gets 405 with Allow", "PUT", base + "/", bankToken, TAXII, 405,
                        r -> r.headers().firstValue("Allow").isPresent()),
                new Must("an unknown API root gets a TAXII 404", "GET", "/taxii2/other/", null, TAXII, 404, r -> true),
                new Must("an unknown endpoint gets a TAXII 404", "GET", "/taxii2/api/nothing/", null, TAXII, 404, r -> true),
                new Must("no status resources on a read-only server: 404", "GET", "/taxii2/api/status/" + UUID.randomUUID() + "/",
                        null, TAXII, 404, r -> true),
                new Must("limit=0 is a bad request", "GET", base + "/objects/?limit=0", bankToken, TAXII, 400, r -> true),
                new Must("limit that is not a number is a bad request", "GET", base + "/objects/?limit=ten", bankToken, TAXII, 400,
                        r -> true),
                new Must("a next the server never gave is a bad request", "GET", base + "/objects/?next=zz", bankToken, TAXII, 400,
                        r -> true),
                new Must("added_after that is no timestamp is a bad request", "GET", base + "/objects/?added_after=yesterday",
                        bankToken, TAXII, 400, r -> true),
                new Must("match[version] that is no timestamp nor keyword is a bad request", "GET",
                        base + "/objects/?match%5Bversion%5D=newest", bankToken, TAXII, 400, r -> true),
                new Must("limit counts objects", "GET", base + "/objects/?limit=3", bankToken, TAXII, 200,
                        body(b -> b.get("objects").size() == 3 && b.get("more").asBoolean() && b.has("next"))),
                new Must("objects pages carry X-TAXII-Date-Added-First/Last", "GET", base + "/objects/?limit=2", bankToken, TAXII,
                        200, TaxiiPredicates.ADDED),
                new Must("match[type] keeps that type only", "GET", base + "/objects/?match%5Btype%5D=indicator", bankToken, TAXII,
                        200, body(b -> b.get("objects").size() > 0 && java.util.stream.StreamSupport.stream(
                                b.get("objects").spliterator(), false).allMatch(o -> o.get("type").asText().equals("indicator")))),
                new Must("match[type] takes several types (OR)", "GET", base + "/objects/?match%5Btype%5D=report,vulnerability",
                        bankToken, TAXII, 200, body(b -> java.util.stream.StreamSupport.stream(b.get("objects").spliterator(), false)
                                .map(o -> o.get("type").asText()).collect(java.util.stream.Collectors.toSet())
                                .equals(java.util.Set.of("report", "vulnerability")))),
                new Must("match[id] keeps that object", "GET", base + "/objects/?match%5Bid%5D=" + reportId, bankToken, TAXII, 200,
                        body(b -> ids(b, "objects").equals(List.of(reportId)))),
                new Must("match[spec_version]=2.0 matches nothing here", "GET", base + "/objects/?match%5Bspec_version%5D=2.0",
                        bankToken, TAXII, 200, body(b -> !b.has("objects") && !b.get("more").asBoolean())),
                new Must("match[version] with the object's version finds it", "GET", base + "/objects/?match%5Bid%5D=" + reportId
                        + "&match%5Bversion%5D=" + version, bankToken, TAXII, 200, body(b -> ids(b, "objects").equals(List.of(reportId)))),
                new Must("match[version] with another time finds nothing", "GET", base + "/objects/?match%5Bid%5D=" + reportId
                        + "&match%5Bversion%5D=2000-01-01T00:00:00.000Z", bankToken, TAXII, 200, body(b -> !b.has("objects"))),
                new Must("the manifest lists id, date_added, version and media type per object", "GET", base + "/manifest/",
                        bankToken, TAXII, 200, r -> addedHeaders(r) && body(b -> ids(b, "objects").equals(ids(all, "objects"))
                                && java.util.stream.StreamSupport.stream(b.get("objects").spliterator(), false).allMatch(m ->
                                m.has("date_added") && m.has("version")
                                        && m.get("media_type").asText().equals("application/stix+json;version=2.1"))).test(r)),
                new Must("the manifest pages by objects too", "GET", base + "/manifest/?limit=1", bankToken, TAXII, 200,
                        body(b -> b.get("objects").size() == 1 && b.get("more").asBoolean())),
                new Must("an object by its id, in an envelope", "GET", base + "/objects/" + reportId + "/", bankToken, TAXII, 200,
                        r -> addedHeaders(r) && body(b -> ids(b, "objects").equals(List.of(reportId))).test(r)),
                new Must("the hub's identity is an object of the collection", "GET", base + "/objects/"
                        + all.get("objects").get(0).get("id").asText() + "/", bankToken, TAXII, 200,
                        body(b -> b.get("objects").get(0).get("type").asText().equals("identity"))),
                new Must("an object of another collection is not found here", "GET", "/taxii2/api/collections/" + publicCollection
                        + "/objects/" + reportId + "/", null, TAXII, 404, r -> true),
                new Must("an object's versions", "GET", base + "/objects/" + reportId + "/versions/", bankToken, TAXII, 200,
                        r -> addedHeaders(r) && body(b -> b.get("versions").size() == 1
                                && b.get("versions").get(0).asText().equals(version) && !b.get("more").asBoolean()).test(r)),
                new Must("versions take no match[type]", "GET", base + "/objects/" + reportId + "/versions/?match%5Btype%5D=report",
                        bankToken, TAXII, 400, r -> true));
        List<String> failures = new ArrayList<>();
        for (Must m : table) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(console.publicUrl(m.path()))).header("Accept", m.accept())
                    .method(m.method(), m.method().equals("POST") || m.method().equals("PUT")
                            ? HttpRequest.BodyPublishers.ofString("{\"objects\":[]}") : HttpRequest.BodyPublishers.noBody());
            if (m.token() != null) {
                b.header("Authorization", "Bearer " + m.token());
            }
            HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            String type = r.headers().firstValue("Content-Type").orElse("");
            boolean ok = r.statusCode() == m.status() && type.startsWith(TAXII) && m.holds().test(r);
            if (ok && m.status() >= 400) {
                // Every error is a TAXII error message: a title and the status as a string.
                JsonNode e = JSON.readTree(r.body());
                ok = e.hasNonNull("title") && e.path("http_status").asText().equals(Integer.toString(m.status()));
            }
            if (!ok) {
                failures.add(m.requirement() + ": " + m.method() + " " + m.path() + " gave " + r.statusCode() + " " + type + " "
                        + r.body());
            }
        }
        assertThat(failures).as("requirements not met").isEmpty();
    }

    /** Shared checks of the table. */
    private static final class TaxiiPredicates {
        static final java.util.function.Predicate<HttpResponse<String>> ADDED = SharingEndToEndTest::addedHeaders;
    }

    @Test
    void aMispInstanceSubscribesToTheMembersFeedWithTheTokenAndToThePublicFeedWithout() throws Exception {
        HttpResponse<String> refused = get("/misp/members/manifest.json", null);
        assertThat(refused.statusCode()).isEqualTo(401);

        JsonNode manifest = JSON.readTree(get("/misp/members/manifest.json", bankToken).body());
        List<String> infos = new ArrayList<>();
        manifest.fields().forEachRemaining(e -> infos.add(e.getValue().get("info").asText()));
        assertThat(infos).contains("TLP:GREEN [ALERT] beacon to 185.220.101.50", "TLP:CLEAR second note")
                .doesNotContain("TLP:GREEN clinic note");
        String uuid = null;
        for (var it = manifest.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getValue().get("info").asText().contains("beacon")) {
                uuid = e.getKey();
                assertThat(e.getValue().get("Tag").toString()).contains("tlp:green").contains("infohub:kind=\\\"alert\\\"");
            }
        }
        JsonNode event = JSON.readTree(get("/misp/members/" + uuid + ".json", bankToken).body()).get("Event");
        assertThat(event.get("uuid").asText()).isEqualTo(uuid);
        List<String> attributes = new ArrayList<>();
        event.get("Attribute").forEach(a -> attributes.add(a.get("type").asText() + " " + a.get("value").asText()));
        assertThat(attributes).contains("ip-dst 185.220.101.50", "domain evil-update.com",
                "md5 44d88612fea8a8f36de82e1278abb02f", "vulnerability CVE-2024-3400", "ip-dst 8.8.8.8")
                .noneMatch(a -> a.contains("10.20.71.152") || a.contains("westbank"));
        event.get("Attribute").forEach(a -> assertThat(a.get("to_ids").asBoolean()).as(a.toString())
                .isEqualTo(a.get("value").asText().equals("185.220.101.50") || a.get("type").asText().matches("domain|md5")));
        // The types MISP's own feed generator writes (PyMISP's MISPEvent.manifest and to_feed): numbers in the
        // manifest, numbers as strings in the event file, no distribution, tags with colours (FIRST's for TLP).
        Map<String, com.fasterxml.jackson.databind.node.JsonNodeType> manifestTypes = Map.of(
                "info", STRING, "date", STRING, "analysis", NUMBER, "threat_level_id", NUMBER, "timestamp", NUMBER,
                "Orgc", OBJECT, "Tag", ARRAY);
        Map<String, com.fasterxml.jackson.databind.node.JsonNodeType> eventTypes = Map.ofEntries(
                Map.entry("uuid", STRING), Map.entry("info", STRING), Map.entry("date", STRING), Map.entry("analysis", STRING),
                Map.entry("threat_level_id", STRING), Map.entry("timestamp", STRING), Map.entry("publish_timestamp", STRING),
                Map.entry("published", BOOLEAN), Map.entry("protected", BOOLEAN), Map.entry("extends_uuid", STRING),
                Map.entry("Orgc", OBJECT), Map.entry("Tag", ARRAY), Map.entry("Attribute", ARRAY));
        Map<String, com.fasterxml.jackson.databind.node.JsonNodeType> attributeTypes = Map.of("uuid", STRING, "type", STRING,
                "category", STRING, "value", STRING, "comment", STRING, "timestamp", STRING, "to_ids", BOOLEAN,
                "disable_correlation", BOOLEAN);
        Map<String, com.fasterxml.jackson.databind.node.JsonNodeType> tagTypes = Map.of("name", STRING, "colour", STRING,
                "local", BOOLEAN, "relationship_type", STRING);
        assertTypes("manifest entry", manifest.get(uuid), manifestTypes);
        assertTypes("event", event, eventTypes);
        assertThat(event.has("distribution")).as("a feed leaves distribution to the subscriber").isFalse();
        assertThat(event.get("timestamp").asText()).matches("\\d+").isEqualTo(manifest.get(uuid).get("timestamp").asText());
        event.get("Attribute").forEach(a -> assertTypes("attribute", a, attributeTypes));
        for (JsonNode tags : List.of(event.get("Tag"), manifest.get(uuid).get("Tag"))) {
            tags.forEach(t -> assertTypes("tag", t, tagTypes));
            assertThat(tags.findValuesAsText("colour")).allMatch(c -> c.matches("#[0-9A-F]{6}"));
            tags.forEach(t -> {
                if (t.get("name").asText().equals("tlp:green")) {
                    assertThat(t.get("colour").asText()).isEqualTo("#33FF00");
                }
            });
        }
        String hashes = get("/misp/members/hashes.csv", bankToken).body();
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest("185.220.101.50".getBytes(StandardCharsets.UTF_8)));
        assertThat(hashes.lines()).contains(md5 + "," + uuid);

        // A released item reaches the public feed and the public TAXII collection, without a token.
        HttpResponse<String> draft = api("POST", "/api/releases", "{\"seq\":" + second + "}");
        assertThat(draft.statusCode()).as(draft.body()).isEqualTo(201);
        long release = JSON.readTree(draft.body()).get("id").asLong();
        HttpResponse<String> published = api("POST", "/api/releases/" + release + "/publish", "{}");
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        JsonNode publicManifest = JSON.readTree(get("/misp/public/manifest.json", null).body());
        assertThat(publicManifest.toString()).contains("second note").contains("tlp:clear").doesNotContain("beacon");
        String publicCollection = collection(null, "Public Zone");
        JsonNode objects = taxii("/taxii2/api/collections/" + publicCollection + "/objects/", null);
        assertThat(reports(objects)).containsExactly("second note");
        assertThat(objects.toString()).contains("[ipv4-addr:value = '185.220.101.51']")
                .contains("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487");
        // The released text once, as released; the public objects valid against OASIS's schemas.
        for (JsonNode o : objects.get("objects")) {
            if (o.get("type").asText().equals("report")) {
                assertThat(o.get("description").asText()).isEqualTo("More from 185.220.101.51.");
            }
        }
        List<JsonNode> publicObjects = new ArrayList<>();
        objects.get("objects").forEach(publicObjects::add);
        assertThat(org.infohub.core.testing.StixConformance.objectProblems(publicObjects, true)).isEmpty();
        // The same ids when read again: an object keeps its id (no duplicates in a consumer).
        assertThat(ids(taxii("/taxii2/api/collections/" + publicCollection + "/objects/", null), "objects"))
                .isEqualTo(ids(objects, "objects"));
    }

    @Test
    void anAnalystMakesAnIndicatorContextAndTheFeedsFollowAudited() throws Exception {
        long seq = post("wes@west.example", "all", "TLP:GREEN [ALERT] scanner 45.137.21.9",
                "Scans from 45.137.21.9 against westbank.com.hk mail servers.");
        String all = collection(bankToken, "all@hub.localhost");
        assertThat(patterns(taxii("/taxii2/api/collections/" + all + "/objects/", bankToken)))
                .contains("[ipv4-addr:value = '45.137.21.9']").noneMatch(p -> p.contains("westbank"));
        assertThat(db.jdbc().query("SELECT CONCAT(value, ' ', use_for, ' ', reason) FROM indicator WHERE seq = ? ORDER BY value",
                rs -> rs.getString(1), seq)).containsExactly("45.137.21.9 detection ", "westbank.com.hk context member-asset");

        HttpResponse<String> flip = api("PUT", "/api/posts/" + seq + "/indicators",
                "{\"kind\":\"ip\",\"value\":\"45.137.21.9\",\"use\":\"context\"}");
        assertThat(flip.statusCode()).as(flip.body()).isEqualTo(200);
        assertThat(patterns(taxii("/taxii2/api/collections/" + all + "/objects/", bankToken)))
                .noneMatch(p -> p.contains("45.137.21.9"));
        assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM audit_log WHERE action = 'indicator.use' AND entity_key = ? "
                + "AND after_state LIKE '%context'", Long.toString(seq))).isEqualTo(1);
        assertThat(api("PUT", "/api/posts/" + seq + "/indicators",
                "{\"kind\":\"ip\",\"value\":\"45.137.21.10\",\"use\":\"context\"}").statusCode()).isEqualTo(404);
        assertThat(api("PUT", "/api/posts/" + seq + "/indicators",
                "{\"kind\":\"ip\",\"value\":\"45.137.21.9\",\"use\":\"maybe\"}").statusCode()).isEqualTo(422);
    }

    private static List<String> patterns(JsonNode envelope) {
        List<String> out = new ArrayList<>();
        envelope.get("objects").forEach(o -> {
            if (o.has("pattern")) {
                out.add(o.get("pattern").asText());
            }
        });
        return out;
    }
}

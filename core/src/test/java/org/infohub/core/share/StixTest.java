package org.infohub.core.share;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.infohub.core.indicator.IndicatorClassifier.Classified;
import org.infohub.core.indicator.IndicatorClassifier.Reason;
import org.infohub.core.indicator.IndicatorClassifier.Use;
import org.infohub.core.indicator.Indicators.Indicator;
import org.infohub.core.indicator.Indicators.Kind;
import org.infohub.core.tlp.Tlp;
import org.junit.jupiter.api.Test;

/** The STIX 2.1 output against the specification's rules, and the MISP feed against MISP's format. */
class StixTest {
    private static final Pattern ID = Pattern.compile("^([a-z0-9-]+)--[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}"
            + "-[0-9a-f]{12}$");
    private static final Pattern TIMESTAMP = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$");
    /** A comparison expression of one observation: [object-type:path = 'string'] (STIX 2.1 patterning, 9.2). */
    private static final Pattern PATTERN = Pattern.compile("^\\[(ipv4-addr|ipv6-addr|domain-name|url|email-addr|file):"
            + "(value|hashes\\.(MD5|'SHA-1'|'SHA-256')) = '(?:[^'\\\\]|\\\\['\\\\])*'\\]$");
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "identity", List.of("type", "spec_version", "id", "created", "modified", "name"),
            "marking-definition", List.of("type", "spec_version", "id", "created"),
            "report", List.of("type", "spec_version", "id", "created", "modified", "name", "published", "object_refs"),
            "indicator", List.of("type", "spec_version", "id", "created", "modified", "pattern", "pattern_type", "valid_from"),
            "vulnerability", List.of("type", "spec_version", "id", "created", "modified", "name"));

    private static Stix.Item item(Tlp tlp) {
        return new Stix.Item("post:42", "Phishing kit", "Seen at hxxp://evil[.]test", "alert", tlp,
                Instant.parse("2026-11-30T08:15:00Z"), java.util.stream.Stream.concat(Stream.of(new Indicator(Kind.IP, "203.0.113.50"),
                new Indicator(Kind.IP, "2001:db8::5"), new Indicator(Kind.CIDR, "198.51.100.0/24"),
                new Indicator(Kind.DOMAIN, "evil.test"), new Indicator(Kind.URL, "http://evil.test/it's\\here"),
                new Indicator(Kind.EMAIL, "ops@evil.test"), new Indicator(Kind.HASH, "44d88612fea8a8f36de82e1278abb02f"),
                new Indicator(Kind.HASH, "3395856ce81f2b7382dee72602f798b642f14140"),
                new Indicator(Kind.HASH, "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f"),
                new Indicator(Kind.CVE, "cve-2024-3400")).map(Classified::detection), CONTEXT.stream()).toList());
    }

    /** Context only: a victim's internal host, a member's own server, a public resolver. */
    private static final List<Classified> CONTEXT = List.of(
            new Classified(new Indicator(Kind.IP, "10.20.71.152"), Use.CONTEXT, Reason.INTERNAL_RANGE, Optional.empty()),
            new Classified(new Indicator(Kind.DOMAIN, "fileserver01.firstbank.com.hk"), Use.CONTEXT, Reason.MEMBER_ASSET,
                    Optional.empty()),
            new Classified(new Indicator(Kind.IP, "8.8.8.8"), Use.CONTEXT, Reason.WARNING_LIST, Optional.empty()));

    @Test
    void contextIndicatorsAreNoStixIndicatorsAndAMembersOwnAssetsNeverLeave() {
        Stix.Item item = item(Tlp.AMBER);
        String bundle = new Stix("hub.example", "Infohub", Stix.Ids.inMemory()).bundle(item).toString();
        assertThat(bundle).doesNotContain("10.20.71.152", "fileserver01", "8.8.8.8");
        Misp misp = new Misp("hub.example", "Infohub");
        String event = misp.event(item).toString();
        assertThat(event).doesNotContain("10.20.71.152", "fileserver01");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attributes = (List<Map<String, Object>>) ((Map<String, Object>) misp.event(item).get("Event"))
                .get("Attribute");
        Map<String, Object> resolver = attributes.stream().filter(a -> a.get("value").equals("8.8.8.8")).findFirst().orElseThrow();
        assertThat(resolver.get("to_ids")).isEqualTo(false);
        assertThat((String) resolver.get("comment")).startsWith("context: ");
        assertThat(attributes.stream().filter(a -> Boolean.TRUE.equals(a.get("to_ids")))).hasSize(9);
        assertThat(misp.hashLines(item)).hasSize(11).doesNotContain(Misp.md5("10.20.71.152") + "," + misp.eventUuid(item));
    }

    @SuppressWarnings("unchecked")
    @Test
    void everyObjectHasTheRequiredPropertiesValidIdsTimestampsPatternsAndTheTlpMarking() {
        Map<String, Object> bundle = new Stix("hub.example", "Infohub", Stix.Ids.inMemory()).bundle(item(Tlp.AMBER_STRICT));
        assertThat(bundle.get("type")).isEqualTo("bundle");
        assertThat(ID.matcher((String) bundle.get("id")).matches()).isTrue();
        List<Map<String, Object>> objects = (List<Map<String, Object>>) bundle.get("objects");
        Map<String, Map<String, Object>> byId = new HashMap<>();
        objects.forEach(o -> byId.put((String) o.get("id"), o));
        assertThat(byId).hasSameSizeAs(objects);

        for (Map<String, Object> o : objects) {
            String type = (String) o.get("type");
            assertThat(o).as(type).containsKeys(REQUIRED.get(type).toArray(new String[0]));
            assertThat(o.get("spec_version")).isEqualTo("2.1");
            var id = ID.matcher((String) o.get("id"));
            assertThat(id.matches()).as((String) o.get("id")).isTrue();
            assertThat(id.group(1)).isEqualTo(type);
            for (String t : List.of("created", "modified", "published", "valid_from")) {
                if (o.containsKey(t)) {
                    assertThat(TIMESTAMP.matcher((String) o.get(t)).matches()).as(t).isTrue();
                }
            }
            if (!type.equals("marking-definition")) {
                List<String> markings = (List<String>) o.get("object_marking_refs");
                assertThat(markings).as(type).hasSize(1);
                assertThat(byId.get(markings.get(0))).as("the marking is in the bundle").isNotNull();
            }
            if (type.equals("indicator")) {
                assertThat(PATTERN.matcher((String) o.get("pattern")).matches()).as((String) o.get("pattern")).isTrue();
                assertThat(o.get("pattern_type")).isEqualTo("stix");
            }
        }
        Map<String, Object> marking = byId.get("marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003");
        assertThat(marking.get("name")).isEqualTo("TLP:AMBER+STRICT");
        assertThat(((Map<String, Map<String, Object>>) marking.get("extensions")).get(Stix.TLP2_EXTENSION))
                .containsEntry("tlp_2_0", "amber+strict").containsEntry("extension_type", "property-extension");
        Map<String, Object> report = objects.stream().filter(o -> o.get("type").equals("report")).findFirst().orElseThrow();
        assertThat((List<String>) report.get("object_refs")).hasSize(10).allSatisfy(ref -> assertThat(byId).containsKey(ref));
        assertThat(report.get("labels")).isEqualTo(List.of("infohub-kind:alert"));
        assertThat(objects.stream().map(o -> (String) o.get("pattern")).filter(p -> p != null)).contains(
                "[ipv4-addr:value = '203.0.113.50']", "[ipv6-addr:value = '2001:db8::5']",
                "[ipv4-addr:value = '198.51.100.0/24']", "[domain-name:value = 'evil.test']",
                "[url:value = 'http://evil.test/it\\'s\\\\here']", "[email-addr:value = 'ops@evil.test']",
                "[file:hashes.MD5 = '44d88612fea8a8f36de82e1278abb02f']",
                "[file:hashes.'SHA-1' = '3395856ce81f2b7382dee72602f798b642f14140']",
                "[file:hashes.'SHA-256' = '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f']");
        Map<String, Object> vulnerability = objects.stream().filter(o -> o.get("type").equals("vulnerability")).findFirst()
                .orElseThrow();
        assertThat(vulnerability.get("name")).isEqualTo("CVE-2024-3400");
        assertThat((List<Map<String, Object>>) vulnerability.get("external_references"))
                .containsExactly(Map.of("source_name", "cve", "external_id", "CVE-2024-3400"));
    }

    @Test
    void idsAreUuidv4KeptInTheDatabaseTheSameForEveryProcessAndEveryExport() {
        try (org.infohub.core.db.HubDatabase db = org.infohub.core.testing.TestDatabase.fresh("stix_ids")) {
            StixIds console = new StixIds(db.jdbc());
            StixIds publicZone = new StixIds(db.jdbc());
            Map<String, Object> first = new Stix("hub.example", "Infohub", console).bundle(item(Tlp.GREEN));
            Map<String, Object> again = new Stix("hub.example", "Infohub", publicZone).bundle(item(Tlp.GREEN));
            assertThat(again).as("another process, the same ids").isEqualTo(first);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> objects = (List<Map<String, Object>>) first.get("objects");
            for (Map<String, Object> o : objects) {
                String id = (String) o.get("id");
                if (!o.get("type").equals("marking-definition")) {
                    assertThat(java.util.UUID.fromString(id.substring(id.indexOf("--") + 2)).version()).as(id).isEqualTo(4);
                    assertThat(console.itemOf(id)).as(id).contains(o.get("type").equals("identity") ? Stix.HUB_ITEM : "post:42");
                }
            }
            Stix.Item other = new Stix.Item("post:43", "Other", "text", "alert", Tlp.GREEN, Instant.parse("2026-11-30T09:00:00Z"),
                    item(Tlp.GREEN).indicators());
            Map<String, Object> otherReport = new Stix("hub.example", "Infohub", console).objects(other).get(0);
            assertThat(otherReport.get("id")).isNotEqualTo(((List<?>) first.get("objects")).stream()
                    .map(o -> ((Map<?, ?>) o).get("id")).filter(id -> ((String) id).startsWith("report--")).findFirst().orElseThrow());
            assertThat(db.jdbc().queryLong("SELECT COUNT(*) FROM stix_id")).as("one row per object, kept once").isEqualTo(
                    1 + 1 + 1 + 10 + 1 + 10);
        }
        assertThat(Stix.uuid5("a").version()).isEqualTo(5);
        assertThat(Stix.marking(Tlp.CLEAR).get("id")).isEqualTo("marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487");
        assertThat(Stix.marking(Tlp.RED).get("id")).isEqualTo("marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    }

    @Test
    void everyBundleIsValidAgainstOasisSchemasAndPatternGrammarForEveryLabelAndARelease() {
        Stix stix = new Stix("hub.example", "Infohub", Stix.Ids.inMemory());
        for (Tlp tlp : Tlp.values()) {
            Map<String, Object> bundle = stix.bundle(item(tlp));
            assertThat(org.infohub.core.testing.StixConformance.problems(bundle)).as(tlp.code()).isEmpty();
        }
        // Sightings by reply: a sighting of the indicator, counting organisations, valid by OASIS's schemas.
        Stix.Item base = item(Tlp.AMBER);
        Stix.Item sighted = new Stix.Item(base.key(), base.title(), base.text(), base.kind(), base.tlp(), base.created(),
                base.indicators(), Map.of("ip:203.0.113.50", new Stix.Sighted(2, Instant.parse("2026-12-01T09:00:00Z"))));
        Map<String, Object> withSighting = stix.bundle(sighted);
        assertThat(org.infohub.core.testing.StixConformance.problems(withSighting)).isEmpty();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sightingObjects = ((List<Map<String, Object>>) withSighting.get("objects")).stream()
                .filter(o -> o.get("type").equals("sighting")).toList();
        assertThat(sightingObjects).hasSize(1);
        assertThat(sightingObjects.get(0)).containsEntry("count", 2L).containsEntry("last_seen", "2026-12-01T09:00:00.000Z");
        @SuppressWarnings("unchecked")
        String ofRef = (String) sightingObjects.get(0).get("sighting_of_ref");
        assertThat(((List<Map<String, Object>>) withSighting.get("objects")).stream().filter(o -> o.get("id").equals(ofRef))
                .findFirst().orElseThrow().get("pattern")).isEqualTo("[ipv4-addr:value = '203.0.113.50']");
        // A released item: TLP:CLEAR, its redacted text once in the report's description.
        Stix.Item release = new Stix.Item("release:7", "Skimmer found at ATM fleet", "Skimmers at [redacted] branches; "
                + "drop site 203.0.113.99.", "alert", Tlp.CLEAR, Instant.parse("2026-12-01T10:00:00Z"),
                List.of(Classified.detection(new Indicator(Kind.IP, "203.0.113.99"))));
        Map<String, Object> bundle = stix.bundle(release);
        assertThat(org.infohub.core.testing.StixConformance.problems(bundle)).isEmpty();
        @SuppressWarnings("unchecked")
        Map<String, Object> report = ((List<Map<String, Object>>) bundle.get("objects")).stream()
                .filter(o -> o.get("type").equals("report")).findFirst().orElseThrow();
        assertThat((String) report.get("description")).isEqualTo("Skimmers at [redacted] branches; drop site 203.0.113.99.");
    }

    @Test
    void theConformanceCheckItselfCatchesWhatAStrictValidatorCatches() {
        // The checker must fail the shapes the issue found, or its silence proves nothing.
        Map<String, Object> bundle = new Stix("hub.example", "Infohub", (item, keys) -> {
            Map<String, java.util.UUID> out = new java.util.LinkedHashMap<>();
            keys.forEach(k -> out.put(k, Stix.uuid5(k)));
            return out;
        }).bundle(item(Tlp.GREEN));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> objects = (List<Map<String, Object>>) bundle.get("objects");
        Map<String, Object> indicator = objects.stream().filter(o -> o.get("type").equals("indicator")).findFirst().orElseThrow();
        indicator.remove("description");
        indicator.put("pattern", "[ipv4-addr:value = 203.0.113.50]");
        objects.stream().filter(o -> o.get("type").equals("report")).findFirst().orElseThrow().remove("published");
        List<String> problems = org.infohub.core.testing.StixConformance.problems(bundle);
        assertThat(problems).anyMatch(p -> p.contains("not UUIDv4")).anyMatch(p -> p.contains("without description"))
                .anyMatch(p -> p.contains("pattern")).anyMatch(p -> p.startsWith("report--") && p.contains("published"));
        assertThat(org.infohub.core.testing.StixConformance.patternProblem("[file:hashes.'SHA-256' = 'ab'] AND")).isPresent();
        assertThat(org.infohub.core.testing.StixConformance.patternProblem("[url:value = 'http://x/it\\'s']")).isEmpty();
    }

    @SuppressWarnings("unchecked")
    @Test
    void aMispEventHasAnAttributePerIndicatorAndTheFeedHashesTheirValues() {
        Misp misp = new Misp("hub.example", "Infohub");
        Stix.Item item = item(Tlp.GREEN);
        Map<String, Object> event = (Map<String, Object>) misp.event(item).get("Event");
        assertThat(event.get("uuid")).isEqualTo(misp.eventUuid(item));
        List<Map<String, Object>> attributes = (List<Map<String, Object>>) event.get("Attribute");
        assertThat(attributes).extracting(a -> a.get("type")).containsExactly("ip-dst", "ip-dst", "ip-dst", "domain", "url",
                "email", "md5", "sha1", "sha256", "vulnerability", "ip-dst");
        assertThat(attributes.get(9).get("value")).isEqualTo("CVE-2024-3400");
        assertThat(attributes.get(9).get("to_ids")).isEqualTo(false);
        assertThat((List<Map<String, Object>>) event.get("Tag")).contains(Map.of("name", "tlp:green", "colour", "#33FF00",
                "local", false, "relationship_type", ""));
        assertThat(misp.manifestEntry(item)).containsEntry("date", "2026-11-30").containsKey("Orgc");
        assertThat(misp.hashLines(item)).hasSize(11).contains(Misp.md5("203.0.113.50") + "," + misp.eventUuid(item));
        assertThat(Misp.md5("203.0.113.50")).matches("[0-9a-f]{32}");
    }
}

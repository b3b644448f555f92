package org.infohub.core.share;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.infohub.core.indicator.IndicatorClassifier;
import org.infohub.core.indicator.Indicators;
import org.infohub.core.tlp.Tlp;

/**
 * STIX 2.1 objects for what the hub shares: a {@code report} per post (its text, kind and TLP),
 * an {@code indicator} with a STIX pattern per address, range, domain, URL, e-mail address and
 * hash classified for detection ({@link IndicatorClassifier}; context-only ones are left out), a
 * {@code vulnerability} per CVE, the hub's {@code identity} as their creator, and the TLP 2.0
 * marking definitions (OASIS's, with their fixed ids) on every object. SDO ids are UUIDv4 as the
 * standard asks (2.9), made once per object and kept by {@link Ids}, so exporting again yields the
 * same ids and a consumer does not duplicate.
 */
public final class Stix {
    /** The TLP 2.0 marking definitions' fixed ids and the extension that defines them. */
    static final String TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
    private static final Map<Tlp, String> TLP2 = Map.of(
            Tlp.CLEAR, "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            Tlp.GREEN, "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            Tlp.AMBER, "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            Tlp.AMBER_STRICT, "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
            Tlp.RED, "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    /** The hub's own namespace for UUIDv5 ids (RFC 9562): TAXII collections and MISP's uuids, never SDOs. */
    private static final UUID NAMESPACE = UUID.fromString("8b6e4b6e-2f0c-5a55-9a8e-6e8f3c1d2a10");
    /** The item key the hub's own identity is kept under. */
    public static final String HUB_ITEM = "hub";

    /** What one shared item is made of, whatever it came from (a post, a released item). */
    public record Item(String key, String title, String text, String kind, Tlp tlp, Instant created,
                       List<IndicatorClassifier.Classified> indicators, Map<String, Sighted> sightings) {
        public Item(String key, String title, String text, String kind, Tlp tlp, Instant created,
                    List<IndicatorClassifier.Classified> indicators) {
            this(key, title, text, kind, tlp, created, indicators, Map.of());
        }
    }

    /**
     * Member organisations that replied {@code +seen} to the item for one of its indicators (keyed
     * {@code kind:value}), and the latest such reply: a STIX sighting of that indicator.
     */
    public record Sighted(long organisations, Instant last) {
    }

    /** Where objects' ids come from: a random UUIDv4 made at the first ask for an object, the same ever after. */
    public interface Ids {
        /** The ids of objects {@code keys} of item {@code itemKey}, made for those that have none yet. */
        Map<String, UUID> of(String itemKey, List<String> keys);

        /** Ids kept in this process only (a tool without a database, a test of the format). */
        static Ids inMemory() {
            Map<String, UUID> kept = new java.util.concurrent.ConcurrentHashMap<>();
            return (item, keys) -> {
                Map<String, UUID> out = new LinkedHashMap<>();
                keys.forEach(k -> out.put(k, kept.computeIfAbsent(k, x -> UUID.randomUUID())));
                return out;
            };
        }
    }

    private final String hubDomain;
    private final String programme;
    private final Ids ids;

    public Stix(String hubDomain, String programme, Ids ids) {
        this.hubDomain = hubDomain;
        this.programme = programme;
        this.ids = ids;
    }

    /** A bundle of one item: identity, marking, report, indicators and vulnerabilities. */
    public Map<String, Object> bundle(Item item) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("type", "bundle");
        b.put("id", "bundle--" + ids.of(item.key(), List.of("bundle:" + item.key())).get("bundle:" + item.key()));
        List<Map<String, Object>> objects = new ArrayList<>();
        objects.add(identity());
        // The identity is TLP:CLEAR: its marking goes with it, as does the item's own.
        objects.add(marking(Tlp.CLEAR));
        if (item.tlp() != Tlp.CLEAR) {
            objects.add(marking(item.tlp()));
        }
        objects.addAll(objects(item));
        b.put("objects", objects);
        return b;
    }

    /** The keys of one detection indicator (or CVE) of an item, as kept by {@link Ids}. */
    private static String key(Item item, Indicators.Indicator i) {
        return (i.kind() == Indicators.Kind.CVE ? "vulnerability:" + item.key() + ":" + i.value().toUpperCase(Locale.ROOT)
                : "indicator:" + item.key() + ":" + i.kind().code() + ":" + i.value());
    }

    /**
     * The item's own objects, in the order a collection serves them: the report, then its
     * indicators and vulnerabilities (the identity and marking definitions are the collection's).
     */
    public List<Map<String, Object>> objects(Item item) {
        List<IndicatorClassifier.Classified> detection = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        keys.add("report:" + item.key());
        for (IndicatorClassifier.Classified c : item.indicators()) {
            // Only what is for detection becomes an indicator; context (a victim's own hosts, documentation
            // addresses, widely used sites) never becomes a pattern a member's SIEM would act on.
            if (!c.forDetection()) {
                continue;
            }
            Indicators.Indicator i = c.indicator();
            if (i.kind() == Indicators.Kind.CVE || pattern(i).isPresent()) {
                String k = key(item, i);
                if (!keys.contains(k)) {
                    keys.add(k);
                    detection.add(c);
                }
            }
        }
        for (IndicatorClassifier.Classified c : detection) {
            Indicators.Indicator i = c.indicator();
            if (i.kind() != Indicators.Kind.CVE && item.sightings().containsKey(i.kind().code() + ":" + i.value())) {
                keys.add("sighting:" + key(item, i));
            }
        }
        Map<String, UUID> made = ids.of(item.key(), keys);
        List<Map<String, Object>> refs = new ArrayList<>();
        String created = TIME.format(item.created());
        for (IndicatorClassifier.Classified c : detection) {
            Indicators.Indicator i = c.indicator();
            UUID id = made.get(key(item, i));
            if (i.kind() == Indicators.Kind.CVE) {
                refs.add(vulnerability(id, i.value().toUpperCase(Locale.ROOT), item, created));
            } else {
                refs.add(indicator(id, i, pattern(i).orElseThrow(), item, created));
            }
        }
        List<Map<String, Object>> sightings = new ArrayList<>();
        for (IndicatorClassifier.Classified c : detection) {
            Indicators.Indicator i = c.indicator();
            Sighted seen = item.sightings().get(i.kind().code() + ":" + i.value());
            if (seen == null || i.kind() == Indicators.Kind.CVE) {
                continue;
            }
            // A sighting by reply: how many member organisations saw it, not which (they are not named).
            Map<String, Object> o = common("sighting", made.get("sighting:" + key(item, i)), item, created);
            String last = TIME.format(seen.last().isBefore(item.created()) ? item.created() : seen.last());
            o.put("modified", last);
            o.put("description", "Seen by " + seen.organisations() + " member organisation(s), reported by reply to \""
                    + (item.title().isBlank() ? "(no subject)" : item.title()) + "\".");
            o.put("last_seen", last);
            o.put("count", Math.min(999_999_999L, seen.organisations()));
            o.put("sighting_of_ref", "indicator--" + made.get(key(item, i)));
            sightings.add(o);
        }
        Map<String, Object> report = common("report", made.get("report:" + item.key()), item, created);
        report.put("name", item.title().isBlank() ? "(no subject)" : item.title());
        report.put("description", item.text());
        report.put("report_types", List.of("threat-report"));
        report.put("labels", List.of("infohub-kind:" + item.kind()));
        report.put("published", created);
        List<String> objectRefs = new ArrayList<>();
        refs.forEach(r -> objectRefs.add((String) r.get("id")));
        if (objectRefs.isEmpty()) {
            objectRefs.add(identityId());
        }
        report.put("object_refs", objectRefs);
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(report);
        out.addAll(refs);
        out.addAll(sightings);
        return out;
    }

    private Map<String, Object> common(String type, UUID id, Item item, String created) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", type);
        o.put("spec_version", "2.1");
        o.put("id", type + "--" + id);
        o.put("created", created);
        o.put("modified", created);
        o.put("created_by_ref", identityId());
        o.put("object_marking_refs", List.of(TLP2.get(item.tlp())));
        return o;
    }

    /** What an indicator's value is, in words. */
    private static String noun(Indicators.Indicator i) {
        return switch (i.kind()) {
            case IP -> i.value().contains(":") ? "IPv6 address" : "IPv4 address";
            case CIDR -> i.value().contains(":") ? "IPv6 address range" : "IPv4 address range";
            case DOMAIN -> "Domain name";
            case URL -> "URL";
            case EMAIL -> "E-mail address";
            case HASH -> "File hash";
            case CVE -> "Vulnerability";
        };
    }

    private Map<String, Object> indicator(UUID id, Indicators.Indicator i, String pattern, Item item, String created) {
        Map<String, Object> o = common("indicator", id, item, created);
        o.put("name", i.kind().code() + " " + i.value());
        o.put("description", noun(i) + " " + i.value() + " reported for detection in \""
                + (item.title().isBlank() ? "(no subject)" : item.title()) + "\", shared through " + programme + " on "
                + created.substring(0, 10) + ".");
        o.put("indicator_types", List.of("malicious-activity"));
        o.put("pattern", pattern);
        o.put("pattern_type", "stix");
        o.put("pattern_version", "2.1");
        o.put("valid_from", created);
        return o;
    }

    private Map<String, Object> vulnerability(UUID id, String cve, Item item, String created) {
        // One vulnerability object per CVE and item: the marking is the item's.
        Map<String, Object> o = common("vulnerability", id, item, created);
        o.put("name", cve);
        o.put("external_references", List.of(Map.of("source_name", "cve", "external_id", cve)));
        return o;
    }

    /** The STIX pattern that matches the indicator, or empty for a kind without one. */
    static java.util.Optional<String> pattern(Indicators.Indicator i) {
        String v = i.value();
        String path = switch (i.kind()) {
            case IP, CIDR -> v.contains(":") ? "ipv6-addr:value" : "ipv4-addr:value";
            case DOMAIN -> "domain-name:value";
            case URL -> "url:value";
            case EMAIL -> "email-addr:value";
            case HASH -> switch (v.length()) {
                case 32 -> "file:hashes.MD5";
                case 40 -> "file:hashes.'SHA-1'";
                case 64 -> "file:hashes.'SHA-256'";
                default -> null;
            };
            default -> null;
        };
        if (path == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("[" + path + " = '" + v.replace("\\", "\\\\").replace("'", "\\'") + "']");
    }

    public String identityId() {
        String key = "identity:" + hubDomain;
        return "identity--" + ids.of(HUB_ITEM, List.of(key)).get(key);
    }

    public Map<String, Object> identity() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "identity");
        o.put("spec_version", "2.1");
        o.put("id", identityId());
        o.put("created", IDENTITY_CREATED);
        o.put("modified", IDENTITY_CREATED);
        o.put("name", programme + " (" + hubDomain + ")");
        o.put("identity_class", "organization");
        o.put("object_marking_refs", List.of(TLP2.get(Tlp.CLEAR)));
        return o;
    }

    /** The hub identity's version (its {@code created} and {@code modified}). */
    public static final String IDENTITY_CREATED = "2026-01-01T00:00:00.000Z";
    /** The TLP 2.0 marking definitions' version, as OASIS published them. */
    public static final String MARKING_CREATED = "2022-10-01T00:00:00.000Z";

    /** The OASIS TLP 2.0 marking definition of a label, as published (fixed id and creation time). */
    public static Map<String, Object> marking(Tlp tlp) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("type", "marking-definition");
        o.put("spec_version", "2.1");
        o.put("id", TLP2.get(tlp));
        o.put("created", MARKING_CREATED);
        o.put("name", "TLP:" + tlp.code());
        o.put("extensions", Map.of(TLP2_EXTENSION, Map.of("extension_type", "property-extension",
                "tlp_2_0", tlp.code().toLowerCase(Locale.ROOT))));
        return o;
    }

    public static String markingId(Tlp tlp) {
        return TLP2.get(tlp);
    }

    public static String time(Instant t) {
        return TIME.format(t);
    }

    /** A name-based UUID (version 5, SHA-1) in the hub's namespace: the same name, the same id. */
    public static UUID uuid5(String name) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            ByteBuffer ns = ByteBuffer.allocate(16).putLong(NAMESPACE.getMostSignificantBits())
                    .putLong(NAMESPACE.getLeastSignificantBits());
            sha1.update(ns.array());
            byte[] h = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

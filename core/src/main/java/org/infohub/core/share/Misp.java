package org.infohub.core.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.infohub.core.indicator.IndicatorClassifier;
import org.infohub.core.indicator.Indicators;

/**
 * A MISP feed of shared items, as a MISP instance subscribes to it: {@code manifest.json} (each
 * event's uuid with its info, date, creator and tags), one {@code UUID.json} event per item with
 * its indicators as attributes, and {@code hashes.csv} (the MD5 of each attribute value and its
 * event's uuid) for MISP's feed correlation. Ids are the same UUIDv5 as the STIX export's.
 */
public final class Misp {
    private final String hubDomain;
    private final String programme;

    public Misp(String hubDomain, String programme) {
        this.hubDomain = hubDomain;
        this.programme = programme;
    }

    public String eventUuid(Stix.Item item) {
        return Stix.uuid5("misp-event:" + hubDomain + ":" + item.key()).toString();
    }

    private Map<String, Object> orgc() {
        return Map.of("name", programme, "uuid", Stix.uuid5("identity:" + hubDomain).toString());
    }

    /** FIRST's TLP 2.0 colours (the label's text colour on black), as MISP's tags carry colours. */
    static String colour(org.infohub.core.tlp.Tlp tlp) {
        return switch (tlp) {
            case RED -> "#FF2B2B";
            case AMBER, AMBER_STRICT -> "#FFC000";
            case GREEN -> "#33FF00";
            case CLEAR -> "#FFFFFF";
        };
    }

    /** A tag as MISP's feed generator writes it (PyMISP's {@code MISPTag.to_feed}: its fields, sorted). */
    private static Map<String, Object> tag(String name, String colour) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("colour", colour);
        t.put("local", false);
        t.put("name", name);
        t.put("relationship_type", "");
        return t;
    }

    private static List<Map<String, Object>> tags(Stix.Item item) {
        return List.of(tag("tlp:" + item.tlp().code().toLowerCase(Locale.ROOT), colour(item.tlp())),
                tag("infohub:kind=\"" + item.kind() + "\"", "#4A6FA5"));
    }

    /**
     * The manifest entry of one item, typed as MISP's feed generator writes it: {@code analysis},
     * {@code threat_level_id} and {@code timestamp} are numbers here (strings in the event file).
     */
    public Map<String, Object> manifestEntry(Stix.Item item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Orgc", orgc());
        m.put("Tag", tags(item));
        m.put("info", item.title());
        m.put("date", item.created().toString().substring(0, 10));
        m.put("analysis", 2);
        m.put("threat_level_id", 4);
        m.put("timestamp", item.created().getEpochSecond());
        return m;
    }

    /**
     * The event file of one item: {@code {"Event": {...}}} with the fields of MISP's feed format
     * (numbers as strings, as the generator writes them; no distribution, which a feed leaves to the
     * subscribing instance).
     */
    public Map<String, Object> event(Stix.Item item) {
        Map<String, Object> e = new LinkedHashMap<>();
        String ts = Long.toString(item.created().getEpochSecond());
        e.put("analysis", "2");
        e.put("date", item.created().toString().substring(0, 10));
        e.put("extends_uuid", "");
        e.put("info", item.title());
        e.put("protected", false);
        e.put("publish_timestamp", ts);
        e.put("published", true);
        e.put("threat_level_id", "4");
        e.put("timestamp", ts);
        e.put("uuid", eventUuid(item));
        e.put("Orgc", orgc());
        e.put("Tag", tags(item));
        List<Map<String, Object>> attributes = new ArrayList<>();
        for (IndicatorClassifier.Classified c : item.indicators()) {
            // Context the hub may share goes as to_ids=false; a member's own asset, an internal address
            // or the hub's domain never leaves.
            if (!c.shareable()) {
                continue;
            }
            Indicators.Indicator i = c.indicator();
            String[] tc = typeAndCategory(i);
            if (tc == null) {
                continue;
            }
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("category", tc[1]);
            a.put("comment", c.forDetection() ? "" : "context: " + c.reason().description());
            a.put("disable_correlation", false);
            a.put("timestamp", ts);
            // For detection (IDS) only what the classifier put there; context and CVEs are not patterns to alert on.
            a.put("to_ids", c.forDetection() && !tc[0].equals("vulnerability"));
            a.put("type", tc[0]);
            a.put("uuid", Stix.uuid5("misp-attribute:" + hubDomain + ":" + item.key() + ":" + i.kind().code() + ":" + i.value())
                    .toString());
            a.put("value", tc[0].equals("vulnerability") ? i.value().toUpperCase(Locale.ROOT) : i.value());
            attributes.add(a);
        }
        e.put("Attribute", attributes);
        return Map.of("Event", e);
    }

    /** hashes.csv lines: the MD5 of each attribute value, then the event's uuid. */
    public List<String> hashLines(Stix.Item item) {
        List<String> out = new ArrayList<>();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> attributes = (List<Map<String, Object>>) ((Map<String, Object>) event(item).get("Event"))
                .get("Attribute");
        for (Map<String, Object> a : attributes) {
            out.add(md5(String.valueOf(a.get("value"))) + "," + eventUuid(item));
        }
        return out;
    }

    private static String[] typeAndCategory(Indicators.Indicator i) {
        return switch (i.kind()) {
            case IP, CIDR -> new String[] {"ip-dst", "Network activity"};
            case DOMAIN -> new String[] {"domain", "Network activity"};
            case URL -> new String[] {"url", "Network activity"};
            case EMAIL -> new String[] {"email", "Payload delivery"};
            case HASH -> switch (i.value().length()) {
                case 32 -> new String[] {"md5", "Payload delivery"};
                case 40 -> new String[] {"sha1", "Payload delivery"};
                case 64 -> new String[] {"sha256", "Payload delivery"};
                default -> null;
            };
            case CVE -> new String[] {"vulnerability", "External analysis"};
        };
    }

    static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.infohub.core.indicator;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.infohub.core.indicator.Indicators.Indicator;

/**
 * The one place that decides whether an indicator may be used for detection. Every indicator a post
 * names is either <em>for detection</em> (attacker infrastructure, malware hashes, CVEs: what a
 * member's SIEM may block or alert on) or <em>context only</em>, with the reason:
 * <ul>
 * <li>{@link Reason#INTERNAL_RANGE}: private, shared and local addresses (RFC 1918, RFC 6598,
 * loopback, link-local, IPv6 unique-local RFC 4193): a victim's own hosts, never exported;
 * <li>{@link Reason#SPECIAL_USE}: documentation (RFC 5737, RFC 3849), benchmarking, multicast,
 * reserved and unspecified addresses, reserved names (RFC 2606, RFC 6761): nobody's infrastructure;
 * <li>{@link Reason#MEMBER_ASSET}: a member organisation's registered domain or a host under it,
 * never exported;
 * <li>{@link Reason#WATCHED_ASSET}: an address, range or domain a member registered on its
 * watchlist, never exported;
 * <li>{@link Reason#HUB_DOMAIN}: the hub's own domain, never exported;
 * <li>{@link Reason#WARNING_LIST}: on a shipped warning list (widely used benign domains, public
 * resolvers, hashes of empty files).
 * </ul>
 * The release redactor asks {@link #internal(InetAddress)} for the same ranges. The class is pure:
 * what the programme registered comes in through {@link Assets}.
 */
public final class IndicatorClassifier {

    /** What an indicator may be used for. */
    public enum Use {
        DETECTION("detection"), CONTEXT("context");

        private final String code;

        Use(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Use of(String code) {
            return CONTEXT.code.equals(code) ? CONTEXT : DETECTION;
        }
    }

    /** Why an indicator is context only ({@link #NONE} for one for detection). */
    public enum Reason {
        NONE("", "", true),
        INTERNAL_RANGE("internal-range", "a private, shared or local address", false),
        SPECIAL_USE("special-use", "a documentation, reserved or special-use address or name", true),
        MEMBER_ASSET("member-asset", "a member organisation's own domain", false),
        WATCHED_ASSET("watched-asset", "an asset on a member's watchlist", false),
        HUB_DOMAIN("hub-domain", "the hub's own domain", false),
        WARNING_LIST("warning-list", "on a warning list (widely used, benign or a common false positive)", true);

        private final String code;
        private final String description;
        private final boolean shareable;

        Reason(String code, String description, boolean shareable) {
            this.code = code;
            this.description = description;
            this.shareable = shareable;
        }

        public String code() {
            return code;
        }

        public String description() {
            return description;
        }

        /**
         * Whether an indicator with this reason may leave the hub at all (as context: a MISP attribute
         * with {@code to_ids=false}). A member's own asset, an internal address and the hub's domain
         * never leave.
         */
        public boolean shareable() {
            return shareable;
        }

        public static Reason of(String code) {
            for (Reason r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            return NONE;
        }
    }

    /** An indicator with its classification; {@code setBy} names the analyst who decided, if one did. */
    public record Classified(Indicator indicator, Use use, Reason reason, Optional<String> setBy) {
        public static Classified detection(Indicator i) {
            return new Classified(i, Use.DETECTION, Reason.NONE, Optional.empty());
        }

        public boolean forDetection() {
            return use == Use.DETECTION;
        }

        /**
         * Whether the indicator may leave the hub: for detection, or context the hub may share as
         * such. The automatic reason stands even where an analyst made it context.
         */
        public boolean shareable() {
            return use == Use.DETECTION || reason.shareable();
        }
    }

    /** What the programme registered: members' domains and watched assets. */
    public interface Assets {
        Assets NONE = new Assets() {
            @Override
            public boolean memberDomain(String host) {
                return false;
            }

            @Override
            public boolean watched(Indicator i) {
                return false;
            }
        };

        /**
         * Assets from the registered domains ({@code host} or any parent of it on the set) and the
         * values of the indicators a watchlist named.
         */
        static Assets of(Set<String> registeredDomains, Set<String> watchedValues) {
            return new Assets() {
                @Override
                public boolean memberDomain(String host) {
                    for (String d : suffixes(host)) {
                        if (registeredDomains.contains(d)) {
                            return true;
                        }
                    }
                    return false;
                }

                @Override
                public boolean watched(Indicator i) {
                    return watchedValues.contains(i.value());
                }
            };
        }

        /** Whether {@code host} is a member organisation's registered domain or a host under one. */
        boolean memberDomain(String host);

        /** Whether a member's watchlist names this indicator (its address in a watched range, its domain). */
        boolean watched(Indicator i);
    }

    /** Names reserved by RFC 2606 and RFC 6761, and the usual internal suffixes: never anyone's infrastructure. */
    private static final Set<String> SPECIAL_SUFFIXES = Set.of("example", "test", "invalid", "localhost", "local",
            "internal", "lan", "home.arpa", "example.com", "example.net", "example.org", "onion.arpa");

    private final String hubDomain;
    private final WarningLists lists;

    public IndicatorClassifier(String hubDomain, WarningLists lists) {
        this.hubDomain = hubDomain.toLowerCase(Locale.ROOT);
        this.lists = lists;
    }

    public IndicatorClassifier(String hubDomain) {
        this(hubDomain, WarningLists.shipped());
    }

    public List<Classified> classify(List<Indicator> found, Assets assets) {
        return found.stream().map(i -> classify(i, assets)).toList();
    }

    public Classified classify(Indicator i, Assets assets) {
        Reason r = reason(i, assets);
        return new Classified(i, r == Reason.NONE ? Use.DETECTION : Use.CONTEXT, r, Optional.empty());
    }

    private Reason reason(Indicator i, Assets assets) {
        if (assets.watched(i)) {
            return Reason.WATCHED_ASSET;
        }
        String v = i.value();
        return switch (i.kind()) {
            case IP -> address(v).map(this::addressReason).orElse(Reason.NONE);
            case CIDR -> range(v);
            case DOMAIN -> host(v, assets);
            case EMAIL -> host(v.substring(v.lastIndexOf('@') + 1), assets);
            case URL -> url(v, assets);
            case HASH -> lists.falsePositiveHash(v) ? Reason.WARNING_LIST : Reason.NONE;
            case CVE -> Reason.NONE;
        };
    }

    private Reason url(String url, Assets assets) {
        Optional<String> host = hostOf(url);
        if (host.isEmpty()) {
            return Reason.NONE;
        }
        String h = host.get();
        Optional<InetAddress> literal = h.matches("[0-9.]+|.*:.*") ? address(h) : Optional.empty();
        if (literal.isPresent()) {
            return addressReason(literal.get());
        }
        Reason r = host(h, assets);
        // A path on a widely used site (a document on a file-sharing service) is still the attacker's.
        if (r == Reason.WARNING_LIST && hasPath(url)) {
            return Reason.NONE;
        }
        return r;
    }

    private Reason host(String host, Assets assets) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (!hubDomain.isEmpty() && (h.equals(hubDomain) || h.endsWith("." + hubDomain))) {
            return Reason.HUB_DOMAIN;
        }
        if (assets.memberDomain(h)) {
            return Reason.MEMBER_ASSET;
        }
        for (String s : SPECIAL_SUFFIXES) {
            if (h.equals(s) || h.endsWith("." + s)) {
                return Reason.SPECIAL_USE;
            }
        }
        if (lists.benignDomain(h)) {
            return Reason.WARNING_LIST;
        }
        return Reason.NONE;
    }

    private Reason range(String cidr) {
        int slash = cidr.indexOf('/');
        Optional<InetAddress> network = address(cidr.substring(0, slash));
        if (network.isEmpty()) {
            return Reason.NONE;
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        // A range wider than any one operator's (0.0.0.0/0, ::/0) names nobody's infrastructure.
        if (network.get() instanceof Inet4Address && prefix < 8 || network.get() instanceof Inet6Address && prefix < 16) {
            return Reason.SPECIAL_USE;
        }
        return addressReason(network.get());
    }

    private Reason addressReason(InetAddress a) {
        if (internal(a)) {
            return Reason.INTERNAL_RANGE;
        }
        if (specialUse(a)) {
            return Reason.SPECIAL_USE;
        }
        if (lists.publicResolver(canonical(a))) {
            return Reason.WARNING_LIST;
        }
        return Reason.NONE;
    }

    /**
     * Private, shared and local addresses, whose mention names a victim's own network: RFC 1918,
     * RFC 6598 shared address space, loopback, link-local; IPv6 loopback, unique-local (RFC 4193)
     * and link-local. The release redactor removes the same.
     */
    public static boolean internal(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            return x == 10 || x == 127 || x == 172 && y >= 16 && y <= 31 || x == 192 && y == 168 || x == 169 && y == 254
                    || x == 100 && y >= 64 && y <= 127;
        }
        return a.isLoopbackAddress() || a.isLinkLocalAddress() || (b[0] & 0xfe) == 0xfc;
    }

    /** Documentation, benchmarking, multicast, reserved and unspecified addresses: nobody's hosts. */
    static boolean specialUse(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            int z = b[2] & 0xff;
            return x == 0 || x >= 224
                    || x == 192 && y == 0 && (z == 0 || z == 2)
                    || x == 198 && (y == 18 || y == 19)
                    || x == 198 && y == 51 && z == 100
                    || x == 203 && y == 0 && z == 113;
        }
        boolean documentation = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
        return documentation || a.isMulticastAddress() || a.isAnyLocalAddress();
    }

    /** A host name and each of its parents with two labels or more: a.b.example.com, b.example.com, example.com. */
    public static List<String> suffixes(String host) {
        List<String> out = new java.util.ArrayList<>();
        String d = host.toLowerCase(Locale.ROOT);
        while (d.indexOf('.') > 0) {
            out.add(d);
            d = d.substring(d.indexOf('.') + 1);
        }
        return out;
    }

    /** The host names an indicator stands on: a domain, a URL's host, an e-mail address's domain. */
    public static Optional<String> hostName(Indicator i) {
        String v = i.value();
        return switch (i.kind()) {
            case DOMAIN -> Optional.of(v);
            case EMAIL -> Optional.of(v.substring(v.lastIndexOf('@') + 1));
            case URL -> hostOf(v).filter(h -> !h.matches("[0-9.]+") && !h.contains(":"));
            default -> Optional.empty();
        };
    }

    /** An address literal, parsed without any name lookup. */
    static Optional<InetAddress> address(String literal) {
        String t = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!t.matches("(?i)[0-9a-f:.]+") || !(t.matches("\\d{1,3}(\\.\\d{1,3}){3}") || t.contains(":"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(t));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String canonical(InetAddress a) {
        return a instanceof Inet6Address ? Indicators.compress(a.getAddress()) : a.getHostAddress();
    }

    /** The host of a URL, lower case, brackets of an IPv6 literal removed. */
    public static Optional<String> hostOf(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            return Optional.empty();
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        String authority = url.substring(start, end);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        String host;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            host = close > 0 ? authority.substring(1, close) : "";
        } else {
            int colon = authority.indexOf(':');
            host = colon >= 0 ? authority.substring(0, colon) : authority;
        }
        host = host.toLowerCase(Locale.ROOT);
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    private static boolean hasPath(String url) {
        int start = url.indexOf("://") + 3;
        int slash = url.indexOf('/', start);
        int query = url.indexOf('?', start);
        return slash >= 0 && slash < url.length() - 1 || query >= 0;
    }
}

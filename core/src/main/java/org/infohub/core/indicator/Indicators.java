package org.infohub.core.indicator;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds indicators of compromise in the text of a post: IPv4 and IPv6 addresses and CIDR ranges,
 * domains, URLs, e-mail addresses, MD5/SHA-1/SHA-256 hashes and CVE identifiers, after undoing the
 * usual defanging ({@code hxxp}, {@code [.]}, {@code (.)}, {@code [at]}, {@code [:]}). Values are
 * normalised (lower case; addresses in canonical form) so the same indicator always matches.
 * Version numbers ({@code version 10.2.1.4}, {@code v1.2.3.4}, four-part numbers within longer
 * dotted runs), dates, file names and the hub's own addresses are not taken.
 */
public final class Indicators {

    /** The kinds of indicator, as stored and as named in queries. */
    public enum Kind {
        IP, CIDR, DOMAIN, URL, EMAIL, HASH, CVE;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One indicator: its kind and normalised value. */
    public record Indicator(Kind kind, String value) {
    }

    /**
     * Top-level domains taken as real: the generic ones seen in threat reports and two-letter
     * country codes. Anything else ({@code file.txt}, {@code report.pdf}, {@code e.g},
     * {@code example}, {@code local}) is not a domain indicator.
     */
    private static final Set<String> GENERIC_TLDS = Set.of("com", "net", "org", "info", "biz", "io", "co", "gov", "edu",
            "mil", "int", "xyz", "top", "online", "site", "club", "app", "dev", "cloud", "live", "shop", "store", "tech",
            "link", "click", "icu", "vip", "work", "ru", "su", "onion", "bank", "security", "support", "services", "email",
            "pro", "name", "mobi", "asia", "tk", "ml", "ga", "cf", "gq", "zip", "mov", "buzz", "monster", "rest", "bar",
            "fun", "space", "website", "network", "digital", "systems", "host", "download", "win", "bid", "loan", "date",
            "review", "party", "stream", "trade", "science", "cc", "ws", "to", "me", "tv", "ly");

    /** Two-letter endings that are file types, not countries ({@code setup.sh} is a Saint Helena domain only in theory). */
    private static final Set<String> FILE_EXTENSIONS = Set.of("js", "py", "sh", "md", "rb", "cs", "go", "db", "gz", "xz", "ts",
            "pl", "ps", "vb", "hs", "rs", "kt", "mm");

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|ftp)://[^\\s<>\"'()\\[\\]{}]+");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.])((?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})"
                    + "(?:/(3[0-2]|[12]?\\d))?(?![\\w.]*\\d)(?!\\.\\d)");
    /** Loose on purpose: any run of hex groups with two colons or more; the address parser decides. */
    private static final Pattern IPV6 = Pattern.compile(
            "(?i)(?<![\\w:.])((?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4})(?:/(12[0-8]|1[01]\\d|[1-9]?\\d))?(?![\\w:])");
    private static final Pattern HASH = Pattern.compile("(?i)(?<![0-9a-z])([0-9a-f]{64}|[0-9a-f]{40}|[0-9a-f]{32})(?![0-9a-z])");
    private static final Pattern CVE = Pattern.compile("(?i)\\bCVE-(\\d{4})-(\\d{4,7})\\b");
    /** Words that make the number after them a version, not an address. */
    private static final Pattern VERSION_BEFORE = Pattern.compile("(?i)\\b(?:version|versions|ver\\.?|release|build|v|"
            + "firmware|patch|patched|upgrade|upgraded|update|updated|fixed)(?:\\s+(?:to|is|in|from|at))?\\s*$");

    private final String hubDomain;

    public Indicators(String hubDomain) {
        this.hubDomain = hubDomain.toLowerCase(Locale.ROOT);
    }

    /** The hub's own domain, whose addresses are never indicators. */
    public String hubDomain() {
        return hubDomain;
    }

    /** Undoes defanging: {@code hxxp} to {@code http}, {@code [.]} {@code (.)} {@code {.}} to dots, {@code [at]} to {@code @}. */
    public static String refang(String text) {
        return text.replaceAll("(?i)\\bhxxp(s?)", "http$1")
                .replaceAll("(?i)\\bfxp\\b", "ftp")
                .replaceAll("\\s?[\\[({]\\s?(?:\\.|dot)\\s?[\\])}]\\s?", ".")
                .replaceAll("\\s?[\\[({]\\s?(?:@|at)\\s?[\\])}]\\s?", "@")
                .replaceAll("\\[:\\]", ":")
                .replaceAll("\\[/\\]", "/");
    }

    /** Every indicator in {@code text}, each once, in order of first appearance. */
    public List<Indicator> extract(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String t = refang(text);
        Set<Indicator> found = new LinkedHashSet<>();
        Set<String> urlHosts = new LinkedHashSet<>();
        Matcher m = URL.matcher(t);
        while (m.find()) {
            String url = stripTrailing(m.group(), ".,;:!?");
            Optional<String> host = hostOf(url);
            if (host.isPresent() && !isHub(host.get())) {
                found.add(new Indicator(Kind.URL, normaliseUrl(url, host.get())));
                urlHosts.add(host.get());
            }
        }
        for (Hostnames.Email email : Hostnames.emails(t)) {
            if (!isHub(email.domain())) {
                found.add(new Indicator(Kind.EMAIL, email.address()));
            }
        }
        m = IPV4.matcher(t);
        while (m.find()) {
            if (isVersion(t, m.start())) {
                continue;
            }
            ip(m.group(1), m.group(2)).ifPresent(found::add);
        }
        m = IPV6.matcher(t);
        while (m.find()) {
            String candidate = m.group(1);
            // Times (10:30:00) and MAC-like runs are not addresses: an IPv6 address has letters or "::".
            if (!candidate.contains("::") && !candidate.matches("(?i).*[a-f].*")) {
                continue;
            }
            if (candidate.chars().filter(c -> c == ':').count() < 2) {
                continue;
            }
            ip(candidate, m.group(2)).ifPresent(found::add);
        }
        for (Hostnames.Domain d : Hostnames.domains(t)) {
            if ((GENERIC_TLDS.contains(d.tld()) || d.tld().length() == 2 && !FILE_EXTENSIONS.contains(d.tld()))
                    && !isHub(d.name())) {
                found.add(new Indicator(Kind.DOMAIN, d.name()));
            }
        }
        for (String host : urlHosts) {
            if (!host.matches("[0-9.]+") && !host.contains(":")) {
                found.add(new Indicator(Kind.DOMAIN, host));
            }
        }
        m = HASH.matcher(t);
        while (m.find()) {
            String h = m.group(1).toLowerCase(Locale.ROOT);
            // A run of one digit (000...0) or a UUID part is not a hash; real hashes mix letters and digits.
            if (h.matches(".*[a-f].*") && h.matches(".*\\d.*")) {
                found.add(new Indicator(Kind.HASH, h));
            }
        }
        m = CVE.matcher(t);
        while (m.find()) {
            found.add(new Indicator(Kind.CVE, "cve-" + m.group(1) + "-" + m.group(2)));
        }
        return List.copyOf(found);
    }

    /** {@code s} without the characters of {@code chars} at its end; a loop, not a regex (no backtracking). */
    static String stripTrailing(String s, String chars) {
        int end = s.length();
        while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
            end--;
        }
        return s.substring(0, end);
    }

    private boolean isHub(String host) {
        return host.equals(hubDomain) || host.endsWith("." + hubDomain);
    }

    /** The number at {@code start} follows a word such as "version" or is one part of a longer dotted run. */
    private static boolean isVersion(String text, int start) {
        String before = text.substring(Math.max(0, start - 24), start);
        return VERSION_BEFORE.matcher(before).find();
    }

    private static Optional<Indicator> ip(String address, String prefix) {
        try {
            InetAddress a = InetAddress.getByName(address);
            String canonical = a.getHostAddress().toLowerCase(Locale.ROOT);
            if (a instanceof java.net.Inet6Address) {
                canonical = compress(a.getAddress());
            }
            if (prefix != null) {
                return Optional.of(new Indicator(Kind.CIDR, canonical + "/" + prefix));
            }
            return Optional.of(new Indicator(Kind.IP, canonical));
        } catch (UnknownHostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** RFC 5952 text of an IPv6 address: lower case, the longest run of zero groups as "::". */
    static String compress(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (groups[i] == 0) {
                int j = i;
                while (j < 8 && groups[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** The address in canonical form, if {@code text} is an IPv4 or IPv6 address (for queries). */
    public static Optional<String> canonicalAddress(String text) {
        String t = text.trim();
        if (!t.matches("(?i)[0-9a-f:.]+") || !(t.contains(".") || t.contains(":"))) {
            return Optional.empty();
        }
        if (t.contains(".") && !t.contains(":") && !t.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return Optional.empty();
        }
        return ip(t, null).map(Indicator::value);
    }

    private static Optional<String> hostOf(String url) {
        Matcher m = Pattern.compile("(?i)^[a-z]+://(?:[^@/]*@)?(\\[[0-9a-f:]+\\]|[^:/?#]+)").matcher(url);
        if (!m.find()) {
            return Optional.empty();
        }
        String host = m.group(1).toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "").replaceAll("\\.$", "");
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    private static String normaliseUrl(String url, String host) {
        int schemeEnd = url.indexOf("://");
        String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = url.substring(schemeEnd + 3);
        int hostAt = rest.toLowerCase(Locale.ROOT).indexOf(host);
        if (hostAt >= 0) {
            rest = rest.substring(0, hostAt) + host + rest.substring(hostAt + host.length());
        }
        return scheme + "://" + rest;
    }
}

package org.infohub.mailet.trust;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.google.common.net.InternetDomainName;

/**
 * The parts of DMARC (RFC 7489) the hub needs: the policy a {@code From:} domain publishes, found at
 * {@code _dmarc.DOMAIN} or else at its organisational domain (where {@code sp=} applies), and
 * identifier alignment (relaxed: same organisational domain; strict: same domain).
 *
 * <p>The organisational domain comes from the Public Suffix List, so {@code evil.or.jp} and
 * {@code tokyobank.or.jp} are two organisations, not one.
 */
public final class Dmarc {
    /** A published policy: {@code p} (or {@code sp} for a subdomain), alignment modes. */
    public record Policy(String domain, String policy, boolean strictDkim, boolean strictSpf) {
        /** Whether receivers reject or quarantine mail that fails: the case for rewriting From:. */
        public boolean enforcing() {
            return policy.equals("reject") || policy.equals("quarantine");
        }
    }

    private Dmarc() {
    }

    public static Optional<Policy> lookup(HubDns dns, String fromDomain) throws HubDns.TempFail {
        String domain = fromDomain.toLowerCase(Locale.ROOT);
        Optional<Map<String, String>> exact = record(dns, domain);
        if (exact.isPresent()) {
            return Optional.of(policy(domain, exact.get(), false));
        }
        String org = organisational(domain);
        if (org.equals(domain)) {
            return Optional.empty();
        }
        return record(dns, org).map(tags -> policy(org, tags, true));
    }

    private static Optional<Map<String, String>> record(HubDns dns, String domain) throws HubDns.TempFail {
        for (String txt : dns.txt("_dmarc." + domain)) {
            Map<String, String> tags = tags(txt);
            if ("DMARC1".equals(tags.get("v")) && tags.containsKey("p")) {
                return Optional.of(tags);
            }
        }
        return Optional.empty();
    }

    private static Policy policy(String domain, Map<String, String> tags, boolean subdomain) {
        String p = tags.get("p").toLowerCase(Locale.ROOT);
        if (subdomain && tags.containsKey("sp")) {
            p = tags.get("sp").toLowerCase(Locale.ROOT);
        }
        return new Policy(domain, p, "s".equalsIgnoreCase(tags.get("adkim")), "s".equalsIgnoreCase(tags.get("aspf")));
    }

    static Map<String, String> tags(String record) {
        Map<String, String> tags = new HashMap<>();
        for (String part : record.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                tags.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        return tags;
    }

    public static boolean aligned(String authenticated, String from, boolean strict) {
        String a = authenticated.toLowerCase(Locale.ROOT);
        String f = from.toLowerCase(Locale.ROOT);
        return strict ? a.equals(f) : organisational(a).equals(organisational(f));
    }

    /**
     * The organisational domain (RFC 7489 section 3.2): the public suffix of the name, from the
     * Public Suffix List that Guava ships, plus one label. A name under no listed suffix takes its
     * top-level label as the suffix (the list's implicit {@code *} rule).
     */
    public static String organisational(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        while (d.endsWith(".")) {
            d = d.substring(0, d.length() - 1);
        }
        try {
            InternetDomainName name = InternetDomainName.from(d);
            if (name.isUnderPublicSuffix()) {
                return name.topPrivateDomain().toString();
            }
            if (name.isPublicSuffix()) {
                return d;
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // not a valid domain name: compared as it is, below
        }
        String[] labels = d.split("\\.");
        if (labels.length <= 2) {
            return d;
        }
        return labels[labels.length - 2] + "." + labels[labels.length - 1];
    }
}

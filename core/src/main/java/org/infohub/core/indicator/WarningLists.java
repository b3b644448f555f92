package org.infohub.core.indicator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The warning lists shipped as data under {@code conf/warninglists/} (taken from MISP's
 * warninglists, CC0 1.0; each file names its source lists and their versions): widely used benign
 * domains, the public DNS resolvers of the large operators, and hashes that are no evidence of
 * anything (empty files, common false positives). A value on one of them is context, not for
 * detection. Read once from the class path; lookups are hash lookups.
 */
public final class WarningLists {
    static final String BENIGN_DOMAINS = "benign-domains";
    static final String PUBLIC_RESOLVERS = "public-resolvers";
    static final String FALSE_POSITIVE_HASHES = "false-positive-hashes";

    private static volatile WarningLists shipped;

    private final Set<String> domains;
    private final Set<String> resolvers;
    private final Set<String> hashes;

    WarningLists(Set<String> domains, Set<String> resolvers, Set<String> hashes) {
        this.domains = Set.copyOf(domains);
        this.resolvers = Set.copyOf(resolvers);
        this.hashes = Set.copyOf(hashes);
    }

    /** The lists shipped with the hub (in the {@code infohub-conf} jar). */
    public static WarningLists shipped() {
        WarningLists w = shipped;
        if (w == null) {
            synchronized (WarningLists.class) {
                if (shipped == null) {
                    shipped = new WarningLists(read(BENIGN_DOMAINS), read(PUBLIC_RESOLVERS), read(FALSE_POSITIVE_HASHES));
                }
                w = shipped;
            }
        }
        return w;
    }

    /** The list a host name is on: the exact name, or the name after a leading {@code www.}. */
    public boolean benignDomain(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return domains.contains(h) || h.startsWith("www.") && domains.contains(h.substring(4));
    }

    /** Whether a canonical address is a large operator's public resolver. */
    public boolean publicResolver(String canonicalAddress) {
        return resolvers.contains(canonicalAddress);
    }

    public boolean falsePositiveHash(String hash) {
        return hashes.contains(hash.toLowerCase(Locale.ROOT));
    }

    public int size() {
        return domains.size() + resolvers.size() + hashes.size();
    }

    private static Set<String> read(String name) {
        String path = "/infohub-conf/warninglists/" + name + ".txt";
        try (InputStream in = WarningLists.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("warning list " + path + " is not on the class path (infohub-conf jar)");
            }
            Set<String> out = new HashSet<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String v = line.strip().toLowerCase(Locale.ROOT);
                if (!v.isEmpty() && !v.startsWith("#")) {
                    out.add(v);
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read warning list " + path, e);
        }
    }
}

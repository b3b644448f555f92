package org.infohub.mailet.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.infohub.core.db.Jdbc;
import org.infohub.core.delivery.MtaStsPolicy;
import org.infohub.mailet.trust.HubDns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MTA-STS (RFC 8461) for delivery straight to members' MX: a domain that publishes
 * {@code _mta-sts.DOMAIN TXT "v=STSv1; id=..."} has its policy fetched from
 * {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (the name resolved through the hub's own
 * DNS, the certificate checked against the hub's trust and that name, no redirects, at most 64 KB)
 * and kept in MariaDB for its {@code max_age}. The policy id in the TXT record says when to fetch
 * again; a cached policy stays in force when a fetch fails (section 5.1). Domains without a record
 * are remembered for an hour.
 */
public final class MtaSts {
    private static final Logger LOG = LoggerFactory.getLogger(MtaSts.class);
    private static final Duration NONE_FOR = Duration.ofHours(1);
    private static final int TIMEOUT_MS = 10_000;

    private final HubDns dns;
    private final Jdbc jdbc;
    private final Clock clock;
    private final java.util.function.Supplier<SSLContext> trust;
    private final int port;
    private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Optional<MtaStsPolicy> policy, String id, Instant until) {
    }

    /** With the hub's trust ({@code trust}, read when a policy is fetched) and HTTPS on {@code port} (443). */
    public MtaSts(HubDns dns, Jdbc jdbc, Clock clock, java.util.function.Supplier<SSLContext> trust, int port) {
        this.dns = dns;
        this.jdbc = jdbc;
        this.clock = clock;
        this.trust = trust;
        this.port = port;
    }

    /** The policy in force for {@code domain}, if it publishes one. */
    public Optional<MtaStsPolicy> policy(String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        Known k = known.get(d);
        if (k != null && now.isBefore(k.until())) {
            return k.policy();
        }
        Optional<Stored> stored = stored(d);
        Optional<String> id = recordId(d);
        if (stored.isPresent() && now.isBefore(stored.get().expires()) && (id.isEmpty() || id.get().equals(stored.get().id()))) {
            // Cached and current: the record names the same policy (or is gone: the cache stands, 5.1).
            remember(d, stored.get().policy(), stored.get().id(), min(stored.get().expires(), now.plus(NONE_FOR)));
            return stored.get().policy();
        }
        if (id.isEmpty()) {
            Optional<MtaStsPolicy> cached = stored.filter(s -> now.isBefore(s.expires())).flatMap(Stored::policy);
            remember(d, cached, "", now.plus(NONE_FOR));
            return cached;
        }
        try {
            String text = fetch(d);
            Optional<MtaStsPolicy> policy = MtaStsPolicy.parse(text);
            if (policy.isEmpty()) {
                throw new IOException("what mta-sts." + d + " serves is not an MTA-STS policy");
            }
            Instant expires = now.plusSeconds(policy.get().maxAgeSeconds());
            jdbc.execute("INSERT INTO mta_sts_policy (domain, policy_id, policy, fetched_at, expires_at) VALUES (?, ?, ?, ?, ?) "
                    + "ON DUPLICATE KEY UPDATE policy_id = VALUES(policy_id), policy = VALUES(policy), "
                    + "fetched_at = VALUES(fetched_at), expires_at = VALUES(expires_at)", d, id.get(), text,
                    Timestamp.from(now), Timestamp.from(expires));
            LOG.info("mta-sts domain={} mode={} mx={} max_age={}", d, policy.get().mode(), policy.get().mx(),
                    policy.get().maxAgeSeconds());
            remember(d, policy, id.get(), min(expires, now.plus(NONE_FOR)));
            return policy;
        } catch (IOException | RuntimeException e) {
            Optional<MtaStsPolicy> cached = stored.flatMap(Stored::policy);
            LOG.warn("mta-sts domain={}: the policy could not be fetched ({}); {}", d, e.getMessage(),
                    cached.isPresent() ? "the cached one stays in force" : "none is known");
            // Tried again in a few minutes, not on every mail.
            remember(d, cached, "", now.plus(Duration.ofMinutes(5)));
            return cached;
        }
    }

    /** Whether mail to {@code domain} must go to an allowed MX over verified TLS, or wait. */
    public boolean enforced(String domain) {
        return policy(domain).map(MtaStsPolicy::enforced).orElse(false);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void remember(String domain, Optional<MtaStsPolicy> policy, String id, Instant until) {
        if (known.size() > 100_000) {
            known.clear();
        }
        known.put(domain, new Known(policy, id, until));
    }

    private record Stored(Optional<MtaStsPolicy> policy, String id, Instant expires) {
    }

    private Optional<Stored> stored(String domain) {
        try {
            return jdbc.queryOne("SELECT policy, policy_id, expires_at FROM mta_sts_policy WHERE domain = ?",
                    rs -> new Stored(MtaStsPolicy.parse(rs.getString(1)), rs.getString(2), Jdbc.instant(rs, "expires_at")),
                    domain);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The id of {@code _mta-sts.DOMAIN}'s {@code v=STSv1} record, if there is exactly one (section 3.1). */
    private Optional<String> recordId(String domain) {
        try {
            List<String> records = dns.txt("_mta-sts." + domain).stream()
                    .filter(t -> t.trim().startsWith("v=STSv1")).toList();
            if (records.size() != 1) {
                return Optional.empty();
            }
            for (String field : records.get(0).split(";")) {
                String f = field.trim();
                if (f.startsWith("id=") && f.length() > 3 && f.length() <= 35) {
                    return Optional.of(f.substring(3));
                }
            }
            return Optional.empty();
        } catch (HubDns.TempFail e) {
            return Optional.empty();
        }
    }

    /** GET https://mta-sts.DOMAIN/.well-known/mta-sts.txt: 200, text/plain, no redirect, at most 64 KB. */
    private String fetch(String domain) throws IOException {
        String host = "mta-sts." + domain;
        List<InetAddress> addresses;
        try {
            addresses = dns.addresses(host);
        } catch (HubDns.TempFail e) {
            throw new IOException(host + " does not resolve: " + e.getMessage(), e);
        }
        if (addresses.isEmpty()) {
            throw new IOException(host + " has no address");
        }
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(addresses.get(0), port), TIMEOUT_MS);
            plain.setSoTimeout(TIMEOUT_MS);
            SSLSocket ssl = (SSLSocket) trust.get().getSocketFactory().createSocket(plain, host, port, true);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new javax.net.ssl.SNIHostName(host)));
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            OutputStream out = ssl.getOutputStream();
            out.write(("GET /.well-known/mta-sts.txt HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: infohub\r\n"
                    + "Accept: text/plain\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return body(ssl.getInputStream(), host);
        } finally {
            plain.close();
        }
    }

    /** The body of an HTTP/1.1 response read to its end, bounded: headers 16 KB, body 64 KB. */
    static String body(InputStream in, String host) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int limit = 16 * 1024 + MtaStsPolicy.MAX_OCTETS + 1;
        for (int n = in.read(buf); n > 0; n = in.read(buf)) {
            all.write(buf, 0, Math.min(n, limit - all.size()));
            if (all.size() >= limit) {
                break;
            }
        }
        String text = all.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || end < 0 || end > 16 * 1024) {
            throw new IOException(host + " did not answer with HTTP");
        }
        String[] head = text.substring(0, end).split("\r\n");
        String[] status = head[0].split(" ", 3);
        if (status.length < 2 || !status[1].equals("200")) {
            throw new IOException(host + " answered " + head[0] + " (a policy is served with 200, never a redirect)");
        }
        boolean plainText = false;
        boolean chunked = false;
        for (int i = 1; i < head.length; i++) {
            String h = head[i].toLowerCase(Locale.ROOT);
            plainText |= h.startsWith("content-type:") && h.substring(13).trim().startsWith("text/plain");
            chunked |= h.startsWith("transfer-encoding:") && h.contains("chunked");
        }
        if (!plainText) {
            throw new IOException(host + " served its policy as something other than text/plain");
        }
        String body = text.substring(end + 4);
        if (body.length() > MtaStsPolicy.MAX_OCTETS + (chunked ? 1024 : 0)) {
            throw new IOException(host + " served more than 64 KB");
        }
        return new String((chunked ? dechunk(body) : body).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static String dechunk(String body) throws IOException {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = body.indexOf("\r\n", at);
            if (eol < 0) {
                throw new IOException("a chunked body cut short");
            }
            String size = body.substring(at, eol).split(";", 2)[0].trim();
            int n;
            try {
                n = size.length() > 6 ? -1 : Integer.parseInt(size, 16);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || eol + 2 + n > body.length()) {
                throw new IOException("a malformed chunked body");
            }
            if (n == 0) {
                return out.toString();
            }
            out.append(body, eol + 2, eol + 2 + n);
            at = eol + 2 + n + 2;
        }
    }
}

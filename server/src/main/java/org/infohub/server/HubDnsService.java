package org.infohub.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;
import org.infohub.mailet.trust.HubDns;

/**
 * James's DNS when the hub delivers to the members' mail servers itself (no smarthost): MX and
 * address lookups through the same resolvers as the sender checks ({@code dns.servers}, or the
 * system's), so what tests and operators configure is what delivery asks. Addresses are never
 * turned back into names.
 */
final class HubDnsService implements DNSService {
    private final HubDns dns;

    private final java.util.Optional<org.infohub.mailet.delivery.MtaSts> mtaSts;
    /** MX hosts of domains whose MTA-STS policy is enforced: their addresses are recorded for the certificate check. */
    private final java.util.Set<String> stsHosts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HubDnsService(HubDns dns) {
        this(dns, java.util.Optional.empty());
    }

    HubDnsService(HubDns dns, java.util.Optional<org.infohub.mailet.delivery.MtaSts> mtaSts) {
        this.dns = dns;
        this.mtaSts = mtaSts;
    }

    /**
     * The MX hosts of {@code domain}; under an enforced MTA-STS policy only those it allows (RFC 8461
     * section 4.1), and none at all is a temporary failure: the copies wait for a retry.
     */
    @Override
    public Collection<String> findMXRecords(String domain) throws org.apache.james.dnsservice.api.TemporaryResolutionException {
        List<String> mx;
        try {
            mx = dns.mx(domain);
            // RFC 5321 section 5.1: no MX record, the domain itself is the mail server.
            mx = mx.isEmpty() ? List.of(domain) : mx;
        } catch (HubDns.TempFail e) {
            return List.of();
        }
        java.util.Optional<org.infohub.core.delivery.MtaStsPolicy> policy = mtaSts.flatMap(m -> m.policy(domain))
                .filter(org.infohub.core.delivery.MtaStsPolicy::enforced);
        if (policy.isEmpty()) {
            return mx;
        }
        List<String> allowed = mx.stream().filter(policy.get()::allows).toList();
        if (allowed.isEmpty()) {
            throw new org.apache.james.dnsservice.api.TemporaryResolutionException("MTA-STS: no MX of " + domain + " " + mx
                    + " is one its policy allows " + policy.get().mx());
        }
        allowed.forEach(h -> stsHosts.add(h.toLowerCase(java.util.Locale.ROOT)));
        return allowed;
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        try {
            return dns.txt(hostname);
        } catch (HubDns.TempFail e) {
            return List.of();
        }
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        if (literal(host) || host.equalsIgnoreCase("localhost")) {
            return List.of(InetAddress.getByName(host));
        }
        try {
            List<InetAddress> found = dns.addresses(host);
            if (found.isEmpty()) {
                throw new UnknownHostException(host);
            }
            if (stsHosts.contains(host.toLowerCase(java.util.Locale.ROOT))) {
                found.forEach(a -> org.infohub.mailet.delivery.TlsSocketFactories.stsHost(a.getHostAddress(), host));
            }
            return found;
        } catch (HubDns.TempFail e) {
            throw new UnknownHostException(host + ": " + e.getMessage());
        }
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return getAllByName(host).iterator().next();
    }

    @Override
    public InetAddress getLocalHost() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return addr.getHostAddress();
    }

    private static boolean literal(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }
}

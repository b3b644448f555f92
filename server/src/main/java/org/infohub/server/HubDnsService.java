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

    HubDnsService(HubDns dns) {
        this.dns = dns;
    }

    @Override
    public Collection<String> findMXRecords(String domain) {
        try {
            List<String> mx = dns.mx(domain);
            // RFC 5321 section 5.1: no MX record, the domain itself is the mail server.
            return mx.isEmpty() ? List.of(domain) : mx;
        } catch (HubDns.TempFail e) {
            return List.of();
        }
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

package org.infohub.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.apache.james.dnsservice.api.DNSService;

/**
 * The DNS service used when every delivery goes to a smarthost: no MX or reverse lookups at all.
 * Names are resolved only by the JVM (hosts file and system resolver), and addresses are never
 * turned back into names, so a hub behind a smarthost, and every test, sends no DNS query of its
 * own.
 */
final class NoLookupDnsService implements DNSService {
    @Override
    public Collection<String> findMXRecords(String hostname) {
        return List.of(hostname);
    }

    @Override
    public Collection<String> findTXTRecords(String hostname) {
        return List.of();
    }

    @Override
    public Collection<InetAddress> getAllByName(String host) throws UnknownHostException {
        return Arrays.asList(InetAddress.getAllByName(host));
    }

    @Override
    public InetAddress getByName(String host) throws UnknownHostException {
        return InetAddress.getByName(host);
    }

    @Override
    public InetAddress getLocalHost() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public String getHostName(InetAddress addr) {
        return addr.getHostAddress();
    }
}

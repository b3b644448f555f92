package org.infohub.mailet.trust;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.apache.james.jspf.impl.DNSServiceXBillImpl;
import org.infohub.core.config.HubConfig.HostAndPort;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The DNS the hub asks about senders: TXT records for SPF (through jSPF), DKIM keys (through
 * jDKIM) and DMARC policies. The configured servers (with ports, so tests point it at a stub on
 * loopback), or the system's resolvers when none are configured. Nothing is cached between
 * lookups here: records change, and jSPF keeps its own short cache.
 */
public final class HubDns {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Resolver resolver;

    public HubDns(List<HostAndPort> servers) {
        if (servers.isEmpty()) {
            resolver = new ExtendedResolver();
        } else {
            List<Resolver> each = new ArrayList<>();
            for (HostAndPort s : servers) {
                each.add(new SimpleResolver(new InetSocketAddress(s.host(), s.port())));
            }
            resolver = new ExtendedResolver(each);
        }
        resolver.setTimeout(TIMEOUT);
    }

    /** A DNS error other than "no such name" or "no such record": the answer is unknown. */
    public static final class TempFail extends Exception {
        TempFail(String message) {
            super(message);
        }
    }

    /**
     * The records of one type at {@code name}: empty when the name or the type does not exist (or
     * the name is not a DNS name); {@link TempFail} for any other failure (the answer is unknown).
     */
    private List<Record> lookup(String name, int type) throws TempFail {
        Lookup lookup;
        try {
            lookup = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
        } catch (TextParseException e) {
            return List.of();
        }
        lookup.setResolver(resolver);
        lookup.setCache(null);
        Record[] records = lookup.run();
        return switch (lookup.getResult()) {
            case Lookup.SUCCESSFUL -> List.of(records);
            case Lookup.HOST_NOT_FOUND, Lookup.TYPE_NOT_FOUND -> List.of();
            default -> throw new TempFail(Type.string(type) + " " + name + ": " + lookup.getErrorString());
        };
    }

    /** The MX hosts of {@code domain}, most preferred first; empty when it has none. */
    public List<String> mx(String domain) throws TempFail {
        List<org.xbill.DNS.MXRecord> mx = new ArrayList<>();
        for (Record r : lookup(domain, Type.MX)) {
            if (r instanceof org.xbill.DNS.MXRecord m) {
                mx.add(m);
            }
        }
        mx.sort(java.util.Comparator.comparingInt(org.xbill.DNS.MXRecord::getPriority));
        return mx.stream().map(m -> m.getTarget().toString(true)).toList();
    }

    /** The IPv4 and IPv6 addresses of {@code host}; empty when it has none. */
    public List<java.net.InetAddress> addresses(String host) throws TempFail {
        List<java.net.InetAddress> out = new ArrayList<>();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            for (Record r : lookup(host, type)) {
                if (r instanceof org.xbill.DNS.ARecord a) {
                    out.add(a.getAddress());
                } else if (r instanceof org.xbill.DNS.AAAARecord a) {
                    out.add(a.getAddress());
                }
            }
        }
        return out;
    }

    /** The TXT records of {@code name}, each with its strings joined; empty when there are none. */
    public List<String> txt(String name) throws TempFail {
        List<String> out = new ArrayList<>();
        for (Record r : lookup(name, Type.TXT)) {
            if (r instanceof TXTRecord txt) {
                out.add(String.join("", txt.getStrings()));
            }
        }
        return out;
    }

    /**
     * For jSPF. Its 1.0.3 asynchronous lookup ignores the resolver it was given and asks the system's
     * DNS (a default {@code LookupSession}); here it answers through this resolver as the
     * synchronous one does, so every SPF query goes where the hub is configured to ask.
     */
    public org.apache.james.jspf.core.DNSService spf() {
        DNSServiceXBillImpl dns = new DNSServiceXBillImpl(resolver) {
            /** RFC 7208 retired the SPF record type: SPF lives in TXT records only. */
            @Override
            public List<String> getRecords(org.apache.james.jspf.core.DNSRequest request)
                    throws org.apache.james.jspf.core.exceptions.TimeoutException {
                if (request.getRecordType() == org.apache.james.jspf.core.DNSRequest.SPF) {
                    try {
                        return super.getRecords(new org.apache.james.jspf.core.DNSRequest(request.getHostname(),
                                org.apache.james.jspf.core.DNSRequest.TXT));
                    } catch (org.apache.james.jspf.core.exceptions.NoneException e) {
                        return null;
                    }
                }
                return super.getRecords(request);
            }

            @Override
            public java.util.concurrent.CompletionStage<List<String>> getRecordsAsync(
                    org.apache.james.jspf.core.DNSRequest request) {
                try {
                    return java.util.concurrent.CompletableFuture.completedFuture(getRecords(request));
                } catch (org.apache.james.jspf.core.exceptions.TimeoutException e) {
                    return java.util.concurrent.CompletableFuture.failedFuture(e);
                }
            }
        };
        dns.setTimeOut((int) TIMEOUT.toSeconds());
        return dns;
    }

    /** For jDKIM: the key records at {@code SELECTOR._domainkey.DOMAIN}. */
    public PublicKeyRecordRetriever dkimKeys() {
        return (method, selector, token) -> {
            if (!"dns/txt".contentEquals(method)) {
                throw new PermFailException("only dns/txt key lookups are supported");
            }
            try {
                List<String> found = txt(selector + "._domainkey." + token);
                if (found.isEmpty()) {
                    throw new PermFailException("no key for " + selector + "._domainkey." + token);
                }
                return found;
            } catch (TempFail e) {
                throw new TempFailException(e.getMessage());
            }
        };
    }
}

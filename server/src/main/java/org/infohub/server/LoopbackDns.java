package org.infohub.server;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS server on loopback (UDP and TCP on one port) answering TXT questions from
 * a table: SPF, DKIM keys, DMARC policies. A fallback answers names the table does not hold. The
 * demo mode serves its made-up member domains with it (every one passes SPF for loopback, the hub's
 * DKIM key is published), and tests and benchmarks fill it with their own records: nothing is
 * asked of any DNS server off the machine.
 */
public final class LoopbackDns implements AutoCloseable {
    private final Map<String, List<String>> txt = new ConcurrentHashMap<>();
    private final Map<String, List<String>> mx = new ConcurrentHashMap<>();
    private final Map<String, List<InetAddress>> addresses = new ConcurrentHashMap<>();
    private final Function<String, List<String>> fallback;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private volatile boolean open = true;

    public LoopbackDns(Function<String, List<String>> fallback) throws IOException {
        this.fallback = fallback;
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket u = null;
        ServerSocket t = null;
        for (int attempt = 0; attempt < 20 && t == null; attempt++) {
            u = new DatagramSocket(new InetSocketAddress(loopback, 0));
            try {
                t = new ServerSocket(u.getLocalPort(), 50, loopback);
            } catch (IOException busy) {
                u.close();
            }
        }
        if (t == null) {
            throw new IOException("no port free for both UDP and TCP");
        }
        udp = u;
        tcp = t;
        Thread a = new Thread(this::serveUdp, "dns-stub-udp");
        a.setDaemon(true);
        a.start();
        Thread b = new Thread(this::serveTcp, "dns-stub-tcp");
        b.setDaemon(true);
        b.start();
    }

    /** A stub where every name not in the table has an SPF record that passes loopback senders. */
    public static LoopbackDns passingLoopback() throws IOException {
        return new LoopbackDns(name -> name.startsWith("_") || name.contains("._domainkey.") ? List.of()
                : List.of("v=spf1 ip4:127.0.0.0/8 -all"));
    }

    /**
     * Serves {@link #passingLoopback()} until killed, for scripts (bench/load): prints the
     * {@code dns.servers} value on its first line.
     */
    public static void main(String[] args) throws Exception {
        LoopbackDns dns = passingLoopback();
        System.out.println(dns.server());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** {@code dns.servers} for the hub. */
    public String server() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    /** Sets the TXT records of {@code name} (none: the name has no TXT records, whatever the fallback says). */
    public LoopbackDns txt(String name, String... values) {
        txt.put(name.toLowerCase(Locale.ROOT), List.of(values));
        return this;
    }

    /** Sets the MX hosts of {@code domain}, most preferred first. */
    public LoopbackDns mx(String domain, String... hosts) {
        mx.put(domain.toLowerCase(Locale.ROOT), List.of(hosts));
        return this;
    }

    /** Sets the address records (A or AAAA) of {@code host}. */
    public LoopbackDns address(String host, String... ips) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        for (String ip : ips) {
            list.add(InetAddress.getByName(ip));
        }
        addresses.put(host.toLowerCase(Locale.ROOT), List.copyOf(list));
        return this;
    }

    private List<String> answers(String name) {
        List<String> set = txt.get(name);
        return set != null ? set : fallback.apply(name);
    }

    byte[] respond(byte[] query) throws IOException {
        Message q = new Message(query);
        Message r = new Message(q.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.getHeader().setFlag(Flags.AA);
        if (q.getHeader().getFlag(Flags.RD)) {
            r.getHeader().setFlag(Flags.RD);
        }
        r.getHeader().setFlag(Flags.RA);
        Record question = q.getQuestion();
        if (question == null) {
            r.getHeader().setRcode(Rcode.FORMERR);
            return r.toWire();
        }
        r.addRecord(question, Section.QUESTION);
        Name qname = question.getName();
        String name = qname.toString(true).toLowerCase(Locale.ROOT);
        List<String> values = answers(name);
        if (question.getType() == Type.TXT) {
            for (String v : values) {
                List<String> chunks = new ArrayList<>();
                for (int i = 0; i < v.length(); i += 255) {
                    chunks.add(v.substring(i, Math.min(v.length(), i + 255)));
                }
                r.addRecord(new TXTRecord(qname, DClass.IN, 0, chunks), Section.ANSWER);
            }
        }
        List<String> exchanges = mx.get(name);
        if (question.getType() == Type.MX && exchanges != null) {
            for (int i = 0; i < exchanges.size(); i++) {
                r.addRecord(new org.xbill.DNS.MXRecord(qname, DClass.IN, 0, 10 * (i + 1),
                        Name.fromString(exchanges.get(i) + ".")), Section.ANSWER);
            }
        }
        List<InetAddress> ips = addresses.get(name);
        if (ips != null) {
            for (InetAddress ip : ips) {
                if (question.getType() == Type.A && ip instanceof java.net.Inet4Address) {
                    r.addRecord(new org.xbill.DNS.ARecord(qname, DClass.IN, 0, ip), Section.ANSWER);
                } else if (question.getType() == Type.AAAA && ip instanceof java.net.Inet6Address) {
                    r.addRecord(new org.xbill.DNS.AAAARecord(qname, DClass.IN, 0, ip), Section.ANSWER);
                }
            }
        }
        if (values.isEmpty() && !txt.containsKey(name) && exchanges == null && ips == null) {
            r.getHeader().setRcode(Rcode.NXDOMAIN);
        }
        return r.toWire();
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (open) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                udp.receive(p);
                byte[] query = java.util.Arrays.copyOf(p.getData(), p.getLength());
                byte[] answer = respond(query);
                if (answer.length > 512) {
                    Message truncated = new Message(query);
                    Message t = new Message(truncated.getHeader().getID());
                    t.getHeader().setFlag(Flags.QR);
                    t.getHeader().setFlag(Flags.TC);
                    t.addRecord(truncated.getQuestion(), Section.QUESTION);
                    answer = t.toWire();
                }
                udp.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    private void serveTcp() {
        while (open) {
            try (Socket s = tcp.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = respond(query);
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            } catch (IOException e) {
                if (!open) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        open = false;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing
        }
    }
}

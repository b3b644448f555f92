package org.infohub.mailet.delivery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.infohub.mailet.trust.HubDns;

/**
 * Whether a member domain's mail server offers STARTTLS, asked of its most preferred MX with
 * {@code EHLO} (and nothing sent): when the hub delivers straight to members' MX, James's
 * RemoteDelivery holds copies that need TLS without saying so, and this is how the hub learns
 * which domains it keeps back. Remembered ten minutes per MX host.
 */
public final class MxTlsProbe {
    private static final Duration REMEMBER = Duration.ofMinutes(10);
    private static final int TIMEOUT_MS = 5_000;

    private final HubDns dns;
    private final String helo;
    private final Clock clock;
    private final ConcurrentHashMap<String, Seen> seen = new ConcurrentHashMap<>();

    /** What the MX offered, and the host asked. */
    public record Answer(String host, boolean startTls) {
    }

    private record Seen(Answer answer, Instant until) {
    }

    public MxTlsProbe(HubDns dns, String helo, Clock clock) {
        this.dns = dns;
        this.helo = helo;
        this.clock = clock;
    }

    /** The answer of {@code domain}'s first MX; empty when it cannot be reached or looked up. */
    public Optional<Answer> ask(String domain) {
        String host;
        try {
            List<String> mx = dns.mx(domain);
            host = (mx.isEmpty() ? domain : mx.get(0)).toLowerCase(Locale.ROOT);
        } catch (HubDns.TempFail e) {
            return Optional.empty();
        }
        Seen s = seen.get(host);
        Instant now = clock.instant();
        if (s != null && now.isBefore(s.until())) {
            return Optional.of(s.answer());
        }
        try {
            List<java.net.InetAddress> addresses = dns.addresses(host);
            if (addresses.isEmpty()) {
                return Optional.empty();
            }
            Answer a = new Answer(host, offersStartTls(addresses.get(0)));
            if (seen.size() > 10_000) {
                seen.clear();
            }
            seen.put(host, new Seen(a, now.plus(REMEMBER)));
            return Optional.of(a);
        } catch (HubDns.TempFail | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean offersStartTls(java.net.InetAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 25), TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            if (!reply(in).startsWith("220")) {
                throw new IOException("no greeting");
            }
            out.write(("EHLO " + helo + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            boolean tls = false;
            for (int i = 0; i < 100; i++) {
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                tls |= line.length() > 4 && line.substring(4).trim().equalsIgnoreCase("STARTTLS");
                if (line.length() < 4 || line.charAt(3) != '-') {
                    break;
                }
            }
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return tls;
        }
    }

    private static String reply(BufferedReader in) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return "";
            }
        } while (line.length() >= 4 && line.charAt(3) == '-');
        return line;
    }
}

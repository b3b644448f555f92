package org.infohub.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The smarthost of the benchmark: a minimal SMTP server on loopback that accepts everything and
 * counts deliveries (accepted recipients of completed transactions), in total and per Message-ID,
 * with the time of the latest delivery of each.
 */
final class CountingSink implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sink");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, long[]> perMessage = new ConcurrentHashMap<>();
    /** Per Message-ID, which of the known recipients have it (so a copy twice is counted once). */
    private final Map<String, java.util.BitSet> seen = new ConcurrentHashMap<>();
    private final Map<String, long[]> duplicates = new ConcurrentHashMap<>();
    private final Map<String, Integer> index = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong transactions = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong connections = new java.util.concurrent.atomic.AtomicLong();

    /** The recipients to tell apart: deliveries to them count once per message, again as duplicates. */
    void recipients(java.util.List<String> addresses) {
        for (int i = 0; i < addresses.size(); i++) {
            index.put(addresses.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    long transactions() {
        return transactions.get();
    }

    long connections() {
        return connections.get();
    }

    /** Deliveries of {@code messageId} to a recipient that had it already. */
    long duplicatesOf(String messageId) {
        long[] d = duplicates.get(messageId);
        return d == null ? 0 : d[0];
    }

    /** STARTTLS offered with this context, or null: none. */
    private final javax.net.ssl.SSLContext tls;
    private final java.util.concurrent.atomic.AtomicLong encryptedSessions = new java.util.concurrent.atomic.AtomicLong();

    CountingSink() throws IOException {
        this(null);
    }

    /** A sink that offers STARTTLS with {@code tls} (null: none), as members' mail servers do. */
    CountingSink(javax.net.ssl.SSLContext tls) throws IOException {
        this.tls = tls;
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    /** Sessions the client encrypted with STARTTLS. */
    long encryptedSessions() {
        return encryptedSessions.get();
    }

    /** A self-signed key for {@code localhost} made with the JDK's keytool in {@code dir}, as a server context. */
    static javax.net.ssl.SSLContext selfSigned(java.nio.file.Path dir) throws Exception {
        String password = "bench-only";
        java.nio.file.Path keys = dir.resolve("sink.p12");
        java.nio.file.Files.deleteIfExists(keys);
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "sink", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool failed: " + out);
        }
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(keys)) {
            ks.load(in, password.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    int port() {
        return server.getLocalPort();
    }

    /** How many different messages (by Message-ID) have arrived. */
    int messages() {
        return perMessage.size();
    }

    /**
     * Deliveries of one Message-ID so far (distinct known recipients, once {@link #recipients} is
     * set), and the nanoTime of the latest.
     */
    long[] of(String messageId) {
        long[] v = perMessage.get(messageId);
        return v == null ? new long[] {0, 0} : new long[] {v[0], v[1]};
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                pool.execute(() -> session(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            LineReader in = new LineReader(s.getInputStream());
            boolean encrypted = false;
            // Replies to pipelined commands go out together once the input read so far is answered,
            // as a pipelining server sends them (RFC 2920 section 3.2), not one small segment each.
            Replies out = new Replies(s.getOutputStream(), in);
            reply(out, "220 sink ESMTP");
            int rcpts = 0;
            java.util.List<String> to = new java.util.ArrayList<>();
            String line;
            while ((line = readLine(in)) != null) {
                String cmd = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                switch (cmd) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-PIPELINING\r\n"
                            + (tls != null && !encrypted ? "250-STARTTLS\r\n" : "") + "250 8BITMIME");
                    case "STAR" -> {
                        if (tls == null || encrypted) {
                            reply(out, "502 5.5.1 not offered");
                            break;
                        }
                        out.add("220 2.0.0 go ahead", true);
                        javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) tls.getSocketFactory()
                                .createSocket(s, null, s.getPort(), false);
                        ssl.setUseClientMode(false);
                        ssl.startHandshake();
                        in = new LineReader(ssl.getInputStream());
                        out = new Replies(ssl.getOutputStream(), in);
                        encrypted = true;
                        encryptedSessions.incrementAndGet();
                    }
                    case "HELO" -> reply(out, "250 sink");
                    case "MAIL" -> {
                        rcpts = 0;
                        to.clear();
                        reply(out, "250 2.1.0 ok");
                    }
                    case "RCPT" -> {
                        rcpts++;
                        int lt = line.indexOf('<');
                        int gt = line.indexOf('>');
                        if (lt >= 0 && gt > lt) {
                            to.add(line.substring(lt + 1, gt).toLowerCase(Locale.ROOT));
                        }
                        reply(out, "250 2.1.5 ok");
                    }
                    case "DATA" -> {
                        reply(out, "354 go ahead");
                        String messageId = readData(in);
                        long now = System.nanoTime();
                        transactions.incrementAndGet();
                        if (messageId != null) {
                            int n = rcpts;
                            if (!index.isEmpty()) {
                                java.util.BitSet bits = seen.computeIfAbsent(messageId, k -> new java.util.BitSet(index.size()));
                                int fresh = 0;
                                int again = 0;
                                synchronized (bits) {
                                    for (String r : to) {
                                        Integer i = index.get(r);
                                        if (i == null) {
                                            continue;
                                        }
                                        if (bits.get(i)) {
                                            again++;
                                        } else {
                                            bits.set(i);
                                            fresh++;
                                        }
                                    }
                                }
                                n = fresh;
                                if (again > 0) {
                                    int a = again;
                                    duplicates.compute(messageId, (k, v) -> v == null ? new long[] {a} : new long[] {v[0] + a});
                                }
                            }
                            int counted = n;
                            perMessage.compute(messageId, (k, v) -> v == null ? new long[] {counted, now}
                                    : new long[] {v[0] + counted, counted > 0 ? now : v[1]});
                        }
                        reply(out, "250 2.0.0 queued");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** Every how many messages one is kept whole, for checking its signature; 0: none. */
    private volatile int sampleEvery;
    private final java.util.concurrent.atomic.AtomicLong dataCount = new java.util.concurrent.atomic.AtomicLong();
    private final List<byte[]> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

    private volatile int sampleLimit = 1000;

    /** Keeps every {@code every}-th message as it arrived (at most 1000), for {@link #samples()}. */
    void sample(int every) {
        sampleEvery = every;
    }

    /**
     * Keeps up to {@code more} messages beyond those kept so far, for a phase that comes after the
     * first 1000 were kept (the one-click copies after a long warm-up).
     */
    void sampleMore(int more) {
        sampleLimit = samples.size() + more;
    }

    /** The messages kept whole, dot-stuffing undone, CRLF line ends. */
    List<byte[]> samples() {
        return List.copyOf(samples);
    }

    private String readData(LineReader in) throws IOException {
        String messageId = null;
        boolean headers = true;
        int every = sampleEvery;
        ByteArrayOutputStream kept = every > 0 && samples.size() < sampleLimit && dataCount.incrementAndGet() % every == 0
                ? new ByteArrayOutputStream() : null;
        String line;
        while ((line = readLine(in)) != null) {
            if (line.equals(".")) {
                break;
            }
            if (kept != null) {
                kept.write((line.startsWith(".") ? line.substring(1) : line).getBytes(StandardCharsets.ISO_8859_1));
                kept.write('\r');
                kept.write('\n');
            }
            if (headers) {
                if (line.isEmpty()) {
                    headers = false;
                } else if (line.regionMatches(true, 0, "Message-ID:", 0, 11)) {
                    messageId = line.substring(11).trim();
                }
            }
        }
        if (kept != null) {
            samples.add(kept.toByteArray());
        }
        return messageId;
    }

    private static String readLine(LineReader in) throws IOException {
        return in.readLine();
    }

    /** Reads CRLF lines from a socket through one buffer, without a lock or a copy per byte. */
    private static final class LineReader {
        private final InputStream in;
        private final byte[] buf = new byte[65536];
        private int pos;
        private int end;

        LineReader(InputStream in) {
            this.in = in;
        }

        /** Whether a whole line the client sent is already read and waiting here. */
        boolean hasBuffered() {
            for (int i = pos; i < end; i++) {
                if (buf[i] == '\n') {
                    return true;
                }
            }
            return false;
        }

        String readLine() throws IOException {
            ByteArrayOutputStream spill = null;
            while (true) {
                for (int i = pos; i < end; i++) {
                    if (buf[i] == '\n') {
                        int stop = i > pos && buf[i - 1] == '\r' ? i - 1 : i;
                        String line;
                        if (spill == null) {
                            line = new String(buf, pos, stop - pos, StandardCharsets.ISO_8859_1);
                        } else {
                            spill.write(buf, pos, i - pos);
                            byte[] all = spill.toByteArray();
                            int n = all.length > 0 && all[all.length - 1] == '\r' ? all.length - 1 : all.length;
                            line = new String(all, 0, n, StandardCharsets.ISO_8859_1);
                        }
                        pos = i + 1;
                        return line;
                    }
                }
                if (end > pos) {
                    if (spill == null) {
                        spill = new ByteArrayOutputStream();
                    }
                    spill.write(buf, pos, end - pos);
                }
                pos = 0;
                end = in.read(buf);
                if (end <= 0) {
                    end = 0;
                    return spill == null ? null : spill.toString(StandardCharsets.ISO_8859_1);
                }
            }
        }
    }

    /** Replies, written when the client has sent nothing more that waits for an answer. */
    private static final class Replies {
        private final OutputStream out;
        private final LineReader in;
        private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

        Replies(OutputStream out, LineReader in) {
            this.out = out;
            this.in = in;
        }

        void add(String text, boolean now) throws IOException {
            pending.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
            if (now || !in.hasBuffered()) {
                pending.writeTo(out);
                out.flush();
                pending.reset();
            }
        }
    }

    private static void reply(Replies out, String text) throws IOException {
        // 354 and 221 always go at once: the client waits for them before it sends more.
        out.add(text, text.startsWith("354") || text.startsWith("221") || text.startsWith("220"));
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}

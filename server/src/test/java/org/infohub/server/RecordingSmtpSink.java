package org.infohub.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A mail server for tests that keeps every SMTP transaction as it arrived: envelope sender,
 * accepted recipients, the message bytes (dot-stuffing undone), the connection it came on, and
 * whether the client sent its RCPT commands without waiting for the reply to MAIL (PIPELINING,
 * RFC 2920). Replies to chosen recipients can be set ({@code 550 ...} for good, {@code 451 ...}
 * the first N times).
 */
final class RecordingSmtpSink implements AutoCloseable {
    record Transaction(int connection, String from, List<String> recipients, byte[] data, boolean pipelined,
                       boolean tls, String account) {
        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private record Refusal(String reply, int[] timesLeft) {
    }

    private final ServerSocket server;
    private final boolean pipelining;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "recording-sink");
        t.setDaemon(true);
        return t;
    });
    private final List<Transaction> transactions = new CopyOnWriteArrayList<>();
    private final Map<String, Refusal> refusals = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();

    RecordingSmtpSink(String address, int port, boolean pipelining) throws IOException {
        this.pipelining = pipelining;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port), 100);
        pool.execute(this::acceptLoop);
    }

    static RecordingSmtpSink onLoopback() throws IOException {
        return new RecordingSmtpSink("127.0.0.1", 0, true);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Transaction> transactions() {
        return List.copyOf(transactions);
    }

    /** Transactions whose message has this Message-ID. */
    List<Transaction> of(String messageId) {
        return transactions.stream().filter(t -> t.text().contains("\r\nMessage-ID: " + messageId + "\r\n")
                || t.text().startsWith("Message-ID: " + messageId + "\r\n")).toList();
    }

    private final java.util.concurrent.atomic.AtomicInteger drops = new java.util.concurrent.atomic.AtomicInteger();
    private volatile javax.net.ssl.SSLContext tlsContext;
    private volatile String[] account;

    /**
     * Offers STARTTLS with this server context and, once TLS is on, AUTH PLAIN and LOGIN for
     * {@code user}/{@code password}; MAIL is then refused with 530 before both, as Postfix on 587 does.
     */
    RecordingSmtpSink requireTlsAndAuth(javax.net.ssl.SSLContext context, String user, String password) {
        tlsContext = context;
        account = new String[] {user, password};
        return this;
    }

    private final java.util.concurrent.atomic.AtomicInteger mailRefusals = new java.util.concurrent.atomic.AtomicInteger();
    private volatile String mailRefusal;

    /** Answers the next {@code times} MAIL FROM commands with {@code reply}. */
    RecordingSmtpSink refuseMail(String reply, int times) {
        mailRefusal = reply;
        mailRefusals.set(times);
        return this;
    }

    /** Offers STARTTLS with this server context, as most receiving MX do, and takes mail either way. */
    RecordingSmtpSink offerTls(javax.net.ssl.SSLContext context) {
        tlsContext = context;
        return this;
    }

    private volatile long sizeLimit = -1;
    private final List<String> mailCommands = new CopyOnWriteArrayList<>();

    /** Offers SIZE with this limit (RFC 1870) and refuses a MAIL that declares more with 552. */
    RecordingSmtpSink offerSize(long limit) {
        sizeLimit = limit;
        return this;
    }

    /** Every MAIL command as the client wrote it. */
    List<String> mailCommands() {
        return List.copyOf(mailCommands);
    }

    private final java.util.concurrent.atomic.AtomicInteger stalls = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger rcptCloses = new java.util.concurrent.atomic.AtomicInteger();

    /** The next {@code n} messages are read to their end and then never answered (the server stalls). */
    RecordingSmtpSink stallAtEnd(int n) {
        stalls.set(n);
        return this;
    }

    /** The next {@code n} sessions get {@code 421} to their first RCPT and are closed, as a server shutting down. */
    RecordingSmtpSink closeAtRcpt(int n) {
        rcptCloses.set(n);
        return this;
    }

    /** The next {@code n} messages are read to their end and then the connection is closed, unanswered. */
    RecordingSmtpSink dropAtEnd(int n) {
        drops.set(n);
        return this;
    }

    int connectionsOpened() {
        return connections.get();
    }

    /** Answers RCPT for {@code address} with {@code reply}, {@code times} times (then accepts). */
    RecordingSmtpSink refuse(String address, String reply, int times) {
        refusals.put(address.toLowerCase(Locale.ROOT), new Refusal(reply, new int[] {times}));
        return this;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                int n = connections.incrementAndGet();
                pool.execute(() -> session(s, n));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket s, int connection) {
        try (s) {
            s.setTcpNoDelay(true);
            BufferedInputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            OutputStream out = s.getOutputStream();
            reply(out, "220 sink ESMTP");
            String from = null;
            List<String> rcpts = new ArrayList<>();
            boolean pipelined = false;
            boolean tls = false;
            String authed = null;
            String line;
            while ((line = readLine(in)) != null) {
                String upper = line.toUpperCase(Locale.ROOT);
                javax.net.ssl.SSLContext ctx = tlsContext;
                if (upper.startsWith("EHLO")) {
                    String extensions = (ctx != null && !tls ? "250-STARTTLS\r\n" : "")
                            + (account != null && tls ? "250-AUTH PLAIN LOGIN\r\n" : "");
                    reply(out, "250-sink\r\n" + extensions + (pipelining ? "250-PIPELINING\r\n" : "")
                            + (sizeLimit >= 0 ? "250-SIZE " + sizeLimit + "\r\n" : "") + "250 8BITMIME");
                } else if (upper.equals("STARTTLS") && ctx != null && !tls) {
                    reply(out, "220 2.0.0 ready to start TLS");
                    javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket(s,
                            s.getInetAddress().getHostAddress(), s.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    in = new BufferedInputStream(ssl.getInputStream(), 65536);
                    out = ssl.getOutputStream();
                    tls = true;
                    from = null;
                } else if (upper.startsWith("AUTH PLAIN ") && tls) {
                    String[] parts = new String(java.util.Base64.getDecoder().decode(line.substring(11).trim()),
                            StandardCharsets.UTF_8).split("\0", -1);
                    boolean ok = parts.length == 3 && parts[1].equals(account[0]) && parts[2].equals(account[1]);
                    authed = ok ? parts[1] : null;
                    reply(out, ok ? "235 2.7.0 authenticated" : "535 5.7.8 authentication failed");
                } else if (account != null && upper.startsWith("MAIL FROM:") && (!tls || authed == null)) {
                    reply(out, !tls ? "530 5.7.0 Must issue a STARTTLS command first" : "530 5.7.0 Authentication required");
                } else if (upper.startsWith("MAIL FROM:") && mailRefusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    from = null;
                    reply(out, mailRefusal);
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 sink");
                } else if (upper.startsWith("MAIL FROM:")) {
                    mailCommands.add(line);
                    from = address(line.substring(10));
                    rcpts = new ArrayList<>();
                    // Commands that arrived with MAIL, before its reply was written: pipelined.
                    pipelined = in.available() > 0;
                    reply(out, "250 2.1.0 ok");
                } else if ((upper.startsWith("RCPT TO:") || upper.equals("DATA")) && from == null) {
                    reply(out, "503 5.5.1 MAIL first");
                } else if (upper.startsWith("RCPT TO:") && rcptCloses.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    reply(out, "421 4.3.2 shutting down, closing the connection");
                    return;
                } else if (upper.startsWith("RCPT TO:")) {
                    String to = address(line.substring(8));
                    Refusal r = refusals.get(to.toLowerCase(Locale.ROOT));
                    boolean refuse = false;
                    if (r != null) {
                        synchronized (r) {
                            if (r.timesLeft()[0] > 0) {
                                r.timesLeft()[0]--;
                                refuse = true;
                            }
                        }
                    }
                    if (refuse) {
                        reply(out, r.reply());
                    } else {
                        rcpts.add(to);
                        reply(out, "250 2.1.5 ok");
                    }
                } else if (upper.equals("DATA")) {
                    if (rcpts.isEmpty()) {
                        reply(out, "554 5.5.1 no valid recipients");
                        continue;
                    }
                    reply(out, "354 go ahead");
                    ByteArrayOutputStream data = new ByteArrayOutputStream();
                    String l;
                    while ((l = readLine(in)) != null && !l.equals(".")) {
                        data.write((l.startsWith(".") ? l.substring(1) : l).getBytes(StandardCharsets.ISO_8859_1));
                        data.write('\r');
                        data.write('\n');
                    }
                    if (stalls.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        // Never answers: the client's timeout for the end of the message must end it.
                        while (readLine(in) != null) {
                            // swallow whatever else comes until the client gives up
                        }
                        return;
                    }
                    if (drops.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        // Taken or not? The client cannot know: it must send this one again later.
                        return;
                    }
                    transactions.add(new Transaction(connection, from, List.copyOf(rcpts), data.toByteArray(), pipelined, tls,
                            authed));
                    reply(out, "250 2.0.0 queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpts = new ArrayList<>();
                    reply(out, "250 ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String address(String arg) {
        String a = arg.trim();
        int end = a.indexOf('>');
        return a.startsWith("<") && end > 0 ? a.substring(1, end) : a.split("\\s")[0];
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        pool.shutdownNow();
    }
}

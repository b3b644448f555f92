package org.infohub.mailet.delivery;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One SMTP client connection (RFC 5321) that carries many transactions, each with many
 * recipients, and sends a transaction's commands in one write when the server offers PIPELINING
 * (RFC 2920): {@code MAIL}, every {@code RCPT} and {@code DATA} go out together and the replies are
 * read in order. The message is written from its pre-stuffed parts ({@link SmtpData}), never
 * re-encoded.
 */
public final class SmtpConnection implements Closeable {
    /** What the server said about one recipient of a transaction. */
    record Reply(int code, String text) {
        boolean ok() {
            return code >= 200 && code < 300;
        }

        boolean permanent() {
            return code >= 500;
        }
    }

    /** A transaction's end: each recipient's final reply, in the order of the recipients. */
    record Result(List<String> recipients, List<Reply> replies) {
    }

    /** The connection broke; {@code beforeEnd}: before the end of the message was written. */
    static final class Broken extends IOException {
        final boolean beforeEnd;

        Broken(String message, boolean beforeEnd, Throwable cause) {
            super(message, cause);
            this.beforeEnd = beforeEnd;
        }
    }

    /**
     * How long to wait for each reply (RFC 5321 section 4.5.3.2: 5 minutes for the greeting, MAIL
     * and RCPT, 2 for DATA's 354, 10 for the reply to the message's end) and for a write to go out
     * (3 minutes, the data block timeout): a server that stalls ends the session, never a spool thread.
     */
    public record Timeouts(Duration greeting, Duration mail, Duration rcpt, Duration dataStart, Duration dataEnd,
                           Duration write) {
        public static final Timeouts RFC_5321 = new Timeouts(Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(3));

        /** Each at most {@code cap} (an operator's or a test's shorter patience); zero: as they are. */
        public Timeouts capped(Duration cap) {
            if (cap.isZero() || cap.isNegative()) {
                return this;
            }
            return new Timeouts(min(greeting, cap), min(mail, cap), min(rcpt, cap), min(dataStart, cap),
                    min(dataEnd, cap), min(write, cap));
        }

        private static Duration min(Duration a, Duration b) {
            return a.compareTo(b) <= 0 ? a : b;
        }

        /** The longest one transaction can wait in all. */
        Duration transaction() {
            return mail.plus(rcpt).plus(dataStart).plus(dataEnd).plus(write);
        }
    }

    private static final java.util.concurrent.ScheduledExecutorService WATCHDOG =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "infohub-smtp-write-watchdog");
                t.setDaemon(true);
                return t;
            });

    private Timeouts timeouts = Timeouts.RFC_5321;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final boolean pipelining;
    private long maxSize = -1;
    private boolean encrypted;
    private long lastUsed = System.nanoTime();

    SmtpConnection(String host, int port, String helo, Duration connectTimeout, Timeouts timeouts) throws IOException {
        this(host, port, helo, connectTimeout, timeouts, null);
    }

    /**
     * Connects, greets and, with {@code tls}, starts TLS when the server offers it (required under
     * {@link OutgoingTls.Policy#VERIFY}, with the certificate checked against the host name) and
     * authenticates when credentials are given (over TLS only).
     */
    SmtpConnection(String host, int port, String helo, Duration connectTimeout, Timeouts timeouts, OutgoingTls tls)
            throws IOException {
        this.timeouts = timeouts;
        socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) timeouts.greeting().toMillis());
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = new BufferedOutputStream(socket.getOutputStream(), 65536);
            List<String> greeting = readReplyLines();
            if (code(greeting) != 220) {
                throw new IOException("the server greeted with " + last(greeting));
            }
            List<String> ehlo = ehlo(helo);
            if (tls != null) {
                if (ehlo != null && offers(ehlo, "STARTTLS")) {
                    startTls(host, port, tls);
                    ehlo = ehlo(helo);
                } else if (tls.policy() == OutgoingTls.Policy.VERIFY) {
                    throw new IOException(host + " offers no STARTTLS, and the TLS policy for it is verify");
                }
                if (tls.credentials().isPresent()) {
                    authenticate(tls.credentials().get(), ehlo);
                }
            }
            pipelining = ehlo != null && offers(ehlo, "PIPELINING");
            maxSize = ehlo == null ? -1 : sizeLimit(ehlo);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** EHLO's reply lines, or null when the server took only HELO. */
    private List<String> ehlo(String helo) throws IOException {
        write("EHLO " + helo);
        out.flush();
        List<String> ehlo = readReplyLines();
        if (code(ehlo) == 250) {
            return ehlo;
        }
        write("HELO " + helo);
        out.flush();
        List<String> h = readReplyLines();
        if (code(h) != 250) {
            throw new IOException("the server refused HELO: " + last(h));
        }
        return null;
    }

    /** SIZE (RFC 1870): -1 when not offered, 0 when offered without a limit, else the limit. */
    private static long sizeLimit(List<String> ehlo) {
        for (String line : ehlo) {
            String k = line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "";
            if (k.equals("SIZE")) {
                return 0;
            }
            if (k.startsWith("SIZE ")) {
                try {
                    return Long.parseLong(k.substring(5).trim());
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return -1;
    }

    /** MAIL FROM, with the message's size when the server offers SIZE. */
    private String mailFrom(Transaction t) {
        return "MAIL FROM:<" + t.from() + ">" + (maxSize >= 0 ? " SIZE=" + t.data().size() : "");
    }

    /** A message over the size the server declared: refused for good before it is sent (RFC 1870 section 6). */
    private Result tooBig(Transaction t) {
        return all(t.recipients(), new Reply(552, "552 5.3.4 the message (" + t.data().size()
                + " octets) exceeds the size the server takes (" + maxSize + " octets)"));
    }

    private boolean fits(Transaction t) {
        return maxSize <= 0 || t.data().size() <= maxSize;
    }

    private static boolean offers(List<String> ehlo, String keyword) {
        for (String line : ehlo) {
            String k = line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "";
            if (k.equals(keyword) || k.startsWith(keyword + " ")) {
                return true;
            }
        }
        return false;
    }

    private void startTls(String host, int port, OutgoingTls tls) throws IOException {
        write("STARTTLS");
        out.flush();
        List<String> go = readReplyLines();
        if (code(go) != 220) {
            throw new IOException(host + " refused STARTTLS: " + last(go));
        }
        boolean verify = tls.policy() == OutgoingTls.Policy.VERIFY;
        javax.net.ssl.SSLSocket ssl = (javax.net.ssl.SSLSocket) (verify ? tls.verifying() : tls.opportunistic())
                .getSocketFactory().createSocket(socket, host, port, true);
        if (verify) {
            javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            ssl.setSSLParameters(params);
        }
        try {
            ssl.startHandshake();
        } catch (IOException e) {
            throw new IOException("TLS with " + host + " failed" + (verify ? " (policy verify)" : "") + ": "
                    + e.getMessage(), e);
        }
        socket = ssl;
        in = new BufferedInputStream(ssl.getInputStream(), 8192);
        out = new BufferedOutputStream(ssl.getOutputStream(), 65536);
        encrypted = true;
    }

    private void authenticate(OutgoingTls.Credentials c, List<String> ehlo) throws IOException {
        if (!encrypted) {
            throw new IOException("the smarthost's password is sent only over TLS, and the server offers no STARTTLS");
        }
        String mechanisms = "";
        for (String line : ehlo == null ? List.<String>of() : ehlo) {
            String k = line.length() > 4 ? line.substring(4).trim().toUpperCase(Locale.ROOT) : "";
            if (k.startsWith("AUTH ") || k.startsWith("AUTH=")) {
                mechanisms += " " + k.substring(5) + " ";
            }
        }
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        List<String> done;
        if (mechanisms.contains(" PLAIN ")) {
            write("AUTH PLAIN " + b64.encodeToString(("\0" + c.user() + "\0" + c.password())
                    .getBytes(StandardCharsets.UTF_8)));
            out.flush();
            done = readReplyLines();
        } else if (mechanisms.contains(" LOGIN ")) {
            write("AUTH LOGIN");
            out.flush();
            expect(readReplyLines(), 334);
            write(b64.encodeToString(c.user().getBytes(StandardCharsets.UTF_8)));
            out.flush();
            expect(readReplyLines(), 334);
            write(b64.encodeToString(c.password().getBytes(StandardCharsets.UTF_8)));
            out.flush();
            done = readReplyLines();
        } else {
            throw new IOException("the smarthost offers neither AUTH PLAIN nor AUTH LOGIN");
        }
        if (code(done) != 235) {
            throw new IOException("the smarthost refused the account " + c.user() + ": " + last(done));
        }
    }

    private static void expect(List<String> reply, int code) throws IOException {
        if (code(reply) != code) {
            throw new IOException("unexpected reply " + last(reply));
        }
    }

    /** Whether the connection is encrypted (STARTTLS done). */
    boolean encrypted() {
        return encrypted;
    }

    long idleNanos() {
        return System.nanoTime() - lastUsed;
    }

    /**
     * The connection broke during a batch: {@code results} of the transactions finished before (in
     * order), {@code unknown} the one whose end was written but not answered (it may have been
     * delivered), {@code untouched} those of which nothing was delivered.
     */
    static final class BrokenBatch extends IOException {
        final List<Result> results;
        final List<Transaction> unknown;
        final List<Transaction> untouched;

        BrokenBatch(String message, List<Result> results, List<Transaction> unknown, List<Transaction> untouched,
                    Throwable cause) {
            super(message, cause);
            this.results = results;
            this.unknown = unknown;
            this.untouched = untouched;
        }
    }

    /** A transaction whose message end is written and whose final reply is still to come. */
    private record Pending(Transaction transaction, Reply mail, List<Reply> rcpt, boolean anyone) {
    }

    /**
     * Sends the transactions one after the other. With PIPELINING, each transaction's commands go
     * out in one write together with the end of the message before (RFC 2920 section 3.1: the
     * message's end, then MAIL, RCPT and DATA of the next, in one group), so a transaction costs
     * one round trip, not two. Returns one result per transaction, in order.
     */
    List<Result> sendAll(List<Transaction> batch) throws BrokenBatch {
        List<Result> results = new ArrayList<>(batch.size());
        if (!pipelining) {
            for (int i = 0; i < batch.size(); i++) {
                Transaction t = batch.get(i);
                try {
                    results.add(fits(t) ? send(t) : tooBig(t));
                } catch (Broken e) {
                    throw new BrokenBatch(e.getMessage(), results, e.beforeEnd ? List.of() : List.of(t),
                            batch.subList(e.beforeEnd ? i : i + 1, batch.size()), e);
                }
            }
            return results;
        }
        Pending pending = null;
        boolean rset = false;
        int i = 0;
        try {
            for (; i < batch.size(); i++) {
                Transaction t = batch.get(i);
                if (!fits(t)) {
                    if (pending != null) {
                        flush();
                        results.add(finish(pending, reply(timeouts.dataEnd())));
                        pending = null;
                    }
                    results.add(tooBig(t));
                    continue;
                }
                if (rset) {
                    write("RSET");
                }
                write(mailFrom(t));
                for (String r : t.recipients()) {
                    write("RCPT TO:<" + r + ">");
                }
                write("DATA");
                flush();
                if (pending != null) {
                    Reply end = reply(timeouts.dataEnd());
                    results.add(finish(pending, end));
                    pending = null;
                }
                if (rset) {
                    reply(timeouts.mail());
                    rset = false;
                }
                Reply mail = reply(timeouts.mail());
                List<Reply> rcpt = new ArrayList<>(t.recipients().size());
                for (int k = 0; k < t.recipients().size(); k++) {
                    rcpt.add(reply(timeouts.rcpt()));
                }
                Reply dataReply = reply(timeouts.dataStart());
                boolean anyone = mail.ok() && rcpt.stream().anyMatch(Reply::ok);
                if (dataReply.code() == 354) {
                    java.util.concurrent.Future<?> watch = watch();
                    try {
                        if (anyone) {
                            for (byte[] part : t.data().stuffed()) {
                                out.write(part);
                            }
                        }
                        out.write(END);
                    } finally {
                        watch.cancel(false);
                    }
                    pending = new Pending(t, mail, rcpt, anyone);
                } else {
                    results.add(finish(new Pending(t, mail, rcpt, anyone), dataReply));
                    // MAIL was taken and DATA was not: the transaction is still open on the server.
                    rset = mail.ok();
                }
            }
            if (pending != null) {
                flush();
                Reply end = reply(timeouts.dataEnd());
                results.add(finish(pending, end));
                pending = null;
            }
            if (rset) {
                resetAfter();
            }
            lastUsed = System.nanoTime();
            return results;
        } catch (IOException | RuntimeException e) {
            close();
            // A pending end was written (maybe taken); the transaction in hand had no message yet.
            List<Transaction> unknown = pending == null ? List.of() : List.of(pending.transaction());
            int from = Math.min(i, batch.size());
            throw new BrokenBatch(String.valueOf(e.getMessage()), results, unknown, batch.subList(from, batch.size()), e);
        }
    }

    private Result finish(Pending p, Reply end) {
        if (!p.mail().ok()) {
            return all(p.transaction().recipients(), aboutTheSession(p.mail()));
        }
        List<Reply> replies = new ArrayList<>(p.rcpt().size());
        for (Reply r : p.rcpt()) {
            replies.add(r.ok() ? (p.anyone() ? end : r) : r);
        }
        return new Result(p.transaction().recipients(), replies);
    }

    /** Sends one message to {@code recipients}, one command at a time (a server without PIPELINING). */
    private Result send(Transaction t) throws Broken {
        String from = t.from();
        List<String> recipients = t.recipients();
        SmtpData data = t.data();
        boolean ended = false;
        try {
            write(mailFrom(t));
            flush();
            Reply mail = reply(timeouts.mail());
            if (!mail.ok()) {
                resetAfter();
                return all(recipients, aboutTheSession(mail));
            }
            List<Reply> rcpt = new ArrayList<>(recipients.size());
            for (String r : recipients) {
                write("RCPT TO:<" + r + ">");
                flush();
                rcpt.add(reply(timeouts.rcpt()));
            }
            if (rcpt.stream().noneMatch(Reply::ok)) {
                resetAfter();
                return new Result(recipients, rcpt);
            }
            write("DATA");
            flush();
            Reply dataReply = reply(timeouts.dataStart());
            Reply end = dataReply;
            if (dataReply.code() == 354) {
                java.util.concurrent.Future<?> watch = watch();
                try {
                    for (byte[] part : data.stuffed()) {
                        out.write(part);
                    }
                    out.write(END);
                    out.flush();
                } finally {
                    watch.cancel(false);
                }
                ended = true;
                end = reply(timeouts.dataEnd());
            }
            lastUsed = System.nanoTime();
            if (!end.ok()) {
                resetAfter();
            }
            return finish(new Pending(new Transaction(from, recipients, data), mail, rcpt, true), end);
        } catch (IOException | RuntimeException e) {
            close();
            throw new Broken(String.valueOf(e.getMessage()), !ended, e);
        }
    }

    private static final byte[] END = ".\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * A refusal of {@code MAIL FROM} is about the session or the sender (TLS or AUTH required, a
     * rate limit, the sender's domain), never about a member: as a temporary reply for every
     * recipient, the copies wait for a retry instead of marking every member refused for good (a
     * {@code 530 Must issue a STARTTLS command first} used to do that).
     */
    private static Reply aboutTheSession(Reply mail) {
        return new Reply(451, MAIL_FROM_REFUSED + mail.text() + "): kept for a retry");
    }

    /** How a recipient's reply begins when the server refused the transaction's MAIL FROM. */
    static final String MAIL_FROM_REFUSED = "451 4.3.0 the server refused MAIL FROM (";

    private static Result all(List<String> recipients, Reply reply) {
        List<Reply> replies = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            replies.add(reply);
        }
        return new Result(recipients, replies);
    }

    private void resetAfter() throws IOException {
        write("RSET");
        flush();
        reply(timeouts.mail());
    }

    /** Flushes, closing the connection when the write does not go out in the write timeout. */
    private void flush() throws IOException {
        java.util.concurrent.Future<?> watch = watch();
        try {
            out.flush();
        } finally {
            watch.cancel(false);
        }
    }

    /** Closes the socket (ending a blocked write with an error) unless cancelled within the write timeout. */
    private java.util.concurrent.Future<?> watch() {
        Socket s = socket;
        return WATCHDOG.schedule(() -> {
            try {
                s.close();
            } catch (IOException e) {
                // closing
            }
        }, timeouts.write().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The next reply, waited for at most {@code timeout}. */
    private Reply reply(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        return reply();
    }

    /** The longest a transaction may take with these timeouts. */
    Duration transactionLimit() {
        return timeouts.transaction();
    }

    void quit() {
        try {
            write("QUIT");
            out.flush();
            reply();
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        close();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    private void write(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.US_ASCII));
        out.write('\r');
        out.write('\n');
    }

    private Reply reply() throws IOException {
        List<String> lines = readReplyLines();
        StringBuilder text = new StringBuilder();
        for (String l : lines) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(l.length() > 4 ? l.substring(4).strip() : "");
        }
        return new Reply(code(lines), code(lines) + " " + text);
    }

    private List<String> readReplyLines() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            lines.add(line);
            if (lines.size() > 1000) {
                throw new IOException("a reply of more than 1000 lines");
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 4096) {
                throw new IOException("a reply line of more than 4096 bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static int code(List<String> lines) {
        String last = last(lines);
        try {
            return last.length() >= 3 ? Integer.parseInt(last.substring(0, 3)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String last(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}

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
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STARTTLS (RFC 3207) in front of an SMTP server that has none (GreenMail, which plays the members'
 * mail servers in demo mode and in tests): it greets, answers {@code EHLO} offering
 * {@code STARTTLS}, encrypts the session with its own certificate and then passes the client's
 * bytes to the server behind it and back, so the client's second {@code EHLO} and everything after
 * reach the real server. A client that does not start TLS is passed through in clear text, and
 * {@link #offerTls(boolean)} can stop offering STARTTLS: a receiver without TLS. It counts the
 * sessions of each kind, so a test can show that copies went encrypted.
 */
public final class StartTlsFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartTlsFront.class);

    private final ServerSocket listener;
    private final SSLContext tls;
    private volatile String backendHost;
    private volatile int backendPort;
    private final ExecutorService threads;
    private final AtomicBoolean offerTls = new AtomicBoolean(true);
    private final AtomicLong encrypted = new AtomicLong();
    private final AtomicLong plain = new AtomicLong();
    private volatile boolean closed;

    /** Listens on {@code bind}:{@code port} (0: any free port) in front of {@code backendHost}:{@code backendPort}. */
    public StartTlsFront(String bind, int port, SSLContext tls, String backendHost, int backendPort) throws IOException {
        this.tls = tls;
        this.backendHost = backendHost;
        this.backendPort = backendPort;
        this.listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(InetAddress.getByName(bind), port));
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "starttls-front-" + listener.getLocalPort());
            t.setDaemon(true);
            return t;
        });
        threads.execute(this::accept);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Sends the sessions opened from now on to another server behind (a test's server restarted elsewhere). */
    public void retarget(String host, int port) {
        this.backendHost = host;
        this.backendPort = port;
    }

    /** Whether {@code EHLO} offers STARTTLS (on by default): off, this is a receiver without TLS. */
    public void offerTls(boolean offer) {
        offerTls.set(offer);
    }

    /** Sessions that went on encrypted, and in clear text. */
    public long encryptedSessions() {
        return encrypted.get();
    }

    public long plainSessions() {
        return plain.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                threads.execute(() -> session(client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("STARTTLS front on port {} stopped accepting: {}", port(), e.getMessage());
                }
                return;
            }
        }
    }

    private void session(Socket client) {
        Socket backend = new Socket();
        try (client; backend) {
            client.setSoTimeout(300_000);
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            try {
                backend.connect(new InetSocketAddress(backendHost, backendPort), 10_000);
                backend.setSoTimeout(300_000);
            } catch (IOException e) {
                write(out, "421 4.3.0 the mail server behind this front is not reachable");
                return;
            }
            InputStream backIn = new BufferedInputStream(backend.getInputStream());
            OutputStream backOut = backend.getOutputStream();
            String greeting = readReply(backIn);
            if (!greeting.startsWith("220")) {
                write(out, "421 4.3.0 the mail server behind this front did not greet");
                return;
            }
            write(out, "220 " + "front.localhost ESMTP");
            boolean offer = offerTls.get();
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line.toUpperCase(Locale.ROOT);
                if (verb.equals("EHLO")) {
                    write(out, "250-front.localhost" + (offer ? "\r\n250-STARTTLS" : "") + "\r\n250-PIPELINING\r\n250 8BITMIME");
                } else if (verb.equals("HELO")) {
                    write(out, "250 front.localhost");
                } else if (line.equalsIgnoreCase("STARTTLS") && offer) {
                    write(out, "220 2.0.0 ready to start TLS");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    encrypted.incrementAndGet();
                    pipe(ssl.getInputStream(), ssl.getOutputStream(), backIn, backOut, backend);
                    return;
                } else if (verb.equals("QUIT")) {
                    write(out, "221 2.0.0 bye");
                    return;
                } else {
                    // A client going on in clear text: the server behind takes it from here.
                    plain.incrementAndGet();
                    backOut.write("EHLO front.localhost\r\n".getBytes(StandardCharsets.US_ASCII));
                    backOut.flush();
                    readReply(backIn);
                    backOut.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    backOut.flush();
                    pipe(in, out, backIn, backOut, backend);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("STARTTLS front session ended: {}", e.getMessage());
        }
    }

    /** Copies both ways until either side closes. */
    private void pipe(InputStream clientIn, OutputStream clientOut, InputStream backIn, OutputStream backOut, Socket backend)
            throws IOException {
        threads.execute(() -> {
            try {
                backIn.transferTo(clientOut);
            } catch (IOException e) {
                // the client or the server closed
            } finally {
                try {
                    clientOut.close();
                } catch (IOException e) {
                    // closing
                }
            }
        });
        try {
            clientIn.transferTo(backOut);
        } finally {
            backend.close();
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readReply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = readLine(in);
            if (line == null) {
                throw new IOException("the server closed the connection");
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(80);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            if (line.size() > 4096) {
                throw new IOException("a command line of more than 4096 bytes");
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing
        }
        threads.shutdownNow();
    }
}

package org.infohub.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

/**
 * The TLS-terminating reverse proxy an operator puts in front of the Public Zone (nginx in
 * {@code docs/OPERATIONS.md}), for tests: HTTPS on a loopback port of its own, the bytes passed on
 * to the Public Zone's plain port.
 */
final class HttpsFront implements AutoCloseable {
    private final ServerSocket listener;
    private final int backendPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "https-front");
        t.setDaemon(true);
        return t;
    });

    HttpsFront(SSLContext tls, int backendPort) throws IOException {
        this.backendPort = backendPort;
        this.listener = tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** An address on the front: {@code https://127.0.0.1:PORT} followed by {@code path}. */
    String url(String path) {
        return "https://127.0.0.1:" + listener.getLocalPort() + path;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket backend = new Socket();
                backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), backendPort), 5000);
                threads.execute(() -> pipe(client, backend));
                threads.execute(() -> pipe(backend, client));
            } catch (IOException e) {
                if (listener.isClosed()) {
                    return;
                }
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side closed
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}

package org.infohub.mailet.delivery;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

/**
 * The hub's outgoing TLS for James's RemoteDelivery, which JavaMail finds by class name
 * ({@code mail.smtp.ssl.socketFactory.class}, through a static {@code getDefault()}): the same
 * {@link OutgoingTls} contexts as the hub's own SMTP client, installed once at the start, so both
 * paths trust the same certificates.
 */
public final class TlsSocketFactories {
    private static final AtomicReference<OutgoingTls> INSTALLED = new AtomicReference<>();

    private TlsSocketFactories() {
    }

    /** Installs the contexts the factories below hand out (at the start, before any delivery). */
    public static void install(OutgoingTls tls) {
        INSTALLED.set(tls);
    }

    private static OutgoingTls installed() {
        OutgoingTls t = INSTALLED.get();
        if (t == null) {
            throw new IllegalStateException("the hub's outgoing TLS is not installed yet");
        }
        return t;
    }

    /**
     * Certificates checked against the system's CAs or the configured trust store, and the host
     * name (or address) checked by the JDK as for HTTPS during the handshake, the same check as the
     * hub's own client makes (JavaMail's own check reads only DNS names, never an IP address).
     */
    public static final class Verifying extends Delegating {
        public static SocketFactory getDefault() {
            return new Verifying();
        }

        @Override
        SSLSocketFactory delegate() {
            return installed().verifying().getSocketFactory();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return checked(super.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return checked(super.createSocket(host, port));
        }

        private static Socket checked(Socket socket) {
            if (socket instanceof javax.net.ssl.SSLSocket ssl) {
                javax.net.ssl.SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                ssl.setSSLParameters(p);
            }
            return socket;
        }
    }

    /** Any certificate: opportunistic encryption (RFC 7435), for members' own mail servers. */
    public static final class Opportunistic extends Delegating {
        public static SocketFactory getDefault() {
            return new Opportunistic();
        }

        @Override
        SSLSocketFactory delegate() {
            return installed().opportunistic().getSocketFactory();
        }
    }

    abstract static class Delegating extends SSLSocketFactory {
        abstract SSLSocketFactory delegate();

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate().getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate().getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return delegate().createSocket(s, host, port, autoClose);
        }

        @Override
        public Socket createSocket() throws IOException {
            return delegate().createSocket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return delegate().createSocket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return delegate().createSocket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return delegate().createSocket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return delegate().createSocket(address, port, localAddress, localPort);
        }
    }
}

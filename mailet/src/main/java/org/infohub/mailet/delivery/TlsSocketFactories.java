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

    /**
     * MX names by address, for domains whose MTA-STS policy is enforced: RemoteDelivery connects to
     * an address, and the certificate must name the MX host it was looked up as (RFC 8461 4.2).
     * Filled as the hub's DNS resolves such an MX.
     */
    private static final java.util.Map<String, java.util.Set<String>> STS_NAMES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Records that {@code address} was resolved for {@code mxHost}, an MX of an enforced domain. */
    public static void stsHost(String address, String mxHost) {
        if (STS_NAMES.size() > 100_000) {
            STS_NAMES.clear();
        }
        STS_NAMES.computeIfAbsent(address, k -> java.util.concurrent.ConcurrentHashMap.newKeySet())
                .add(mxHost.toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * MTA-STS (RFC 8461 section 4.2): the certificate chains to a trusted CA (the system's or the
     * trust store) and names the MX host the address was resolved for; anything else fails the
     * handshake, and the copies wait for a retry.
     */
    public static final class MtaSts extends Delegating {
        public static SocketFactory getDefault() {
            return new MtaSts();
        }

        @Override
        SSLSocketFactory delegate() {
            return installed().mtaSts().getSocketFactory();
        }
    }

    /** Checks a server's chain with {@code trusted} and its name against the MX names of its address. */
    static final class StsTrust extends javax.net.ssl.X509ExtendedTrustManager {
        private final javax.net.ssl.X509TrustManager trusted;

        StsTrust(javax.net.ssl.X509TrustManager trusted) {
            this.trusted = trusted;
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            trusted.checkServerTrusted(chain, authType);
            String address = socket.getInetAddress() == null ? "" : socket.getInetAddress().getHostAddress();
            java.util.Set<String> names = STS_NAMES.getOrDefault(address, java.util.Set.of());
            if (!names.isEmpty() && names.stream().noneMatch(n -> names(chain[0]).stream().anyMatch(c -> matches(c, n)))) {
                throw new java.security.cert.CertificateException("the certificate of " + address + " names "
                        + names(chain[0]) + ", not the MX " + names + " (MTA-STS)");
            }
            if (names.isEmpty()) {
                throw new java.security.cert.CertificateException("no MX name is known for " + address + " (MTA-STS)");
            }
        }

        private static java.util.List<String> names(java.security.cert.X509Certificate cert) {
            java.util.List<String> out = new java.util.ArrayList<>();
            try {
                java.util.Collection<java.util.List<?>> alt = cert.getSubjectAlternativeNames();
                if (alt != null) {
                    for (java.util.List<?> entry : alt) {
                        if (Integer.valueOf(2).equals(entry.get(0))) {
                            out.add(String.valueOf(entry.get(1)).toLowerCase(java.util.Locale.ROOT));
                        }
                    }
                }
            } catch (java.security.cert.CertificateParsingException e) {
                // no names
            }
            return out;
        }

        /** An exact name, or a wildcard for one leftmost label (RFC 6125). */
        static boolean matches(String certName, String host) {
            if (certName.startsWith("*.")) {
                int dot = host.indexOf('.');
                return dot > 0 && host.substring(dot + 1).equals(certName.substring(2));
            }
            return certName.equals(host);
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                       javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("MTA-STS is checked on sockets only");
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("MTA-STS needs the connection's address");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType,
                                       javax.net.ssl.SSLEngine engine) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("not a server");
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return trusted.getAcceptedIssuers();
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

package org.infohub.mailet.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the hub's SMTP client protects a connection (RFC 3207), named after Postfix's
 * {@code smtp_tls_security_level}: {@link Policy#MAY} uses STARTTLS whenever the server offers it
 * and accepts any certificate (opportunistic encryption, RFC 7435: better than clear text, and
 * what mail between strangers' servers does); {@link Policy#VERIFY} requires STARTTLS and a
 * certificate that chains to a trusted CA (the system's, or {@code trustStore}) and names the host.
 * Credentials, when given, are sent with SMTP AUTH (RFC 4954, PLAIN or LOGIN) only over TLS.
 */
public record OutgoingTls(Policy policy, SSLContext verifying, SSLContext opportunistic, SSLContext mtaSts,
                          Optional<Credentials> credentials) {

    public enum Policy {
        MAY, VERIFY;

        public static Policy of(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "may" -> MAY;
                case "verify", "secure" -> VERIFY;
                default -> throw new IllegalArgumentException("a TLS policy is may or verify, not '" + name + "'");
            };
        }
    }

    /** A smarthost account. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    /** From the hub's settings: the policy, trust store and account, the password read from its file now. */
    public static OutgoingTls of(org.infohub.core.config.HubConfig.Outgoing o) throws IOException {
        Optional<Credentials> account = Optional.empty();
        if (o.authUser().isPresent() && o.authPasswordFile().isPresent()) {
            try {
                String text = Files.readString(o.authPasswordFile().get(), java.nio.charset.StandardCharsets.UTF_8);
                int nl = text.indexOf('\n');
                account = Optional.of(new Credentials(o.authUser().get(), (nl < 0 ? text : text.substring(0, nl)).strip()));
            } catch (IOException e) {
                throw new IOException("the smarthost password file cannot be read: " + e.getMessage(), e);
            }
        }
        return of(Policy.of(o.tlsPolicy()), o.trustStore(), o.trustStorePassword(), account);
    }

    /** The policy with the system's CAs, or those of a PKCS#12 trust store. */
    public static OutgoingTls of(Policy policy, Optional<Path> trustStore, String trustStorePassword,
                                 Optional<Credentials> credentials) {
        try {
            TrustManager[] managers;
            if (trustStore.isPresent()) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(trustStore.get())) {
                    ks.load(in, trustStorePassword.toCharArray());
                }
                tmf.init(ks);
                managers = tmf.getTrustManagers();
            } else {
                managers = SystemCas.managers();
            }
            SSLContext verifying = SSLContext.getInstance("TLS");
            verifying.init(null, managers, null);
            SSLContext any = SSLContext.getInstance("TLS");
            any.init(null, new TrustManager[] {new AnyCertificate()}, null);
            X509TrustManager trusted = null;
            for (TrustManager tm : managers) {
                if (tm instanceof X509TrustManager x) {
                    trusted = x;
                }
            }
            SSLContext sts = SSLContext.getInstance("TLS");
            sts.init(null, new TrustManager[] {new TlsSocketFactories.StsTrust(trusted)}, null);
            return new OutgoingTls(policy, verifying, any, sts, credentials);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("the outgoing TLS trust store cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The system's CAs, read once per process: the server asks for them as it starts, and again in
     * the delivery mailet and the MTA-STS checks; each reading parsed the JDK's 140-odd certificates.
     */
    private static final class SystemCas {
        private static TrustManager[] managers;

        static synchronized TrustManager[] managers() throws GeneralSecurityException {
            if (managers == null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init((KeyStore) null);
                managers = tmf.getTrustManagers();
            }
            return managers.clone();
        }
    }

    /** Opportunistic TLS: encryption against a passive listener, whoever the certificate names. */
    private static final class AnyCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // policy 'may': any certificate (RFC 7435)
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

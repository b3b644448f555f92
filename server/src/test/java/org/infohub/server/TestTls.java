package org.infohub.server;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A receiving server's TLS identity for tests, made with the JDK's own keytool: a key and a
 * certificate for {@code localhost} and {@code 127.0.0.1}, and a trust store that holds only that certificate (as a
 * private CA's would).
 */
record TestTls(SSLContext serverContext, Path trustStore, String password) {

    static TestTls make(Path dir) throws Exception {
        return make(dir, "localhost", "dns:localhost,ip:127.0.0.1");
    }

    /** A key and certificate for {@code cn} with subject alternative names {@code san} (keytool's syntax). */
    static TestTls make(Path dir, String cn, String san) throws Exception {
        String password = "changeit";
        Path keys = dir.resolve("server.p12");
        Path trust = dir.resolve("trust.p12");
        Path cert = dir.resolve("server.cer");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + cn,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(),
                "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-alias", "server", "-keystore", keys.toString(), "-storepass", password, "-file",
                cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "server", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trust.toString(), "-storepass", password);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return new TestTls(context, trust, password);
    }

    /** A client's context that trusts this certificate only. */
    SSLContext clientContext() throws Exception {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ts.load(in, password.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    /** The certificate file (DER) next to the key store. */
    Path certificate() {
        return trustStore.resolveSibling("server.cer");
    }

    /** One trust store holding the certificates of {@code all}. */
    static Path trustStoreOf(Path file, List<TestTls> all) throws Exception {
        int n = 0;
        for (TestTls t : all) {
            keytool("-importcert", "-noprompt", "-alias", "c" + (n++), "-file", t.certificate().toString(), "-storetype",
                    "PKCS12", "-keystore", file.toString(), "-storepass", "changeit");
        }
        return file;
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}

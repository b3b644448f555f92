package org.infohub.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.infohub.core.config.HubConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key store STARTTLS uses: the configured one, or a self-signed key made once with the JDK's
 * {@code keytool} in {@code DATA/tls/} (its random password beside it, both readable by the owner
 * only). A self-signed certificate encrypts, but members' servers cannot verify it: production
 * configures {@code tls.keystore}.
 */
final class TlsKeys {
    private static final Logger LOG = LoggerFactory.getLogger(TlsKeys.class);

    record Store(Path file, String password) {
    }

    private TlsKeys() {
    }

    /** A server-side TLS context with the key of {@code store}. */
    static javax.net.ssl.SSLContext serverContext(Store store) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(store.file())) {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(in, store.password().toCharArray());
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, store.password().toCharArray());
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("the TLS key store " + store.file() + " cannot be used: " + e.getMessage(), e);
        }
    }

    static Store forConfig(HubConfig config) throws IOException {
        if (config.trust().tlsKeystore().isPresent()) {
            return new Store(config.trust().tlsKeystore().get(), config.trust().tlsPassword());
        }
        Path dir = config.dataDir().resolve("tls");
        Path store = dir.resolve("starttls.p12");
        Path secret = dir.resolve("self-signed.password");
        Path older = dir.resolve("self-signed.p12");
        if (Files.isRegularFile(store) && Files.isRegularFile(secret)) {
            return new Store(store, Files.readString(secret, StandardCharsets.US_ASCII).trim());
        }
        if (Files.isRegularFile(older) && Files.isRegularFile(secret)) {
            // Made by an earlier release with keytool's 10,000 rounds: copied once without them.
            String password = Files.readString(secret, StandardCharsets.US_ASCII).trim();
            keytool(List.of("-importkeystore", "-srckeystore", older.toString(), "-srcstoretype", "PKCS12",
                    "-srcstorepass", password, "-destkeystore", store.toString(), "-deststoretype", "PKCS12",
                    "-deststorepass", password, "-destkeypass", password, "-noprompt"));
            ownerOnly(store);
            Files.delete(older);
            return new Store(store, password);
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(store);
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        keytool(List.of("-genkeypair", "-alias", "infohub", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "3650", "-dname", "CN=" + config.domain(), "-ext",
                "SAN=dns:" + config.domain() + ",dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", password, "-keypass", password));
        Files.writeString(secret, password, StandardCharsets.US_ASCII);
        ownerOnly(store);
        ownerOnly(secret);
        LOG.warn("STARTTLS uses a self-signed certificate made in {}; set tls.keystore for one members' servers trust",
                store);
        return new Store(store, password);
    }

    private static void ownerOnly(Path f) throws IOException {
        try {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not POSIX: the data directory's protection applies
        }
    }

    /**
     * Runs the JDK's keytool. The store is written with one round of PBKDF2 where keytool uses
     * 10,000: the rounds slow down guessing a weak password, and this one is 144 random bits kept
     * beside the store with the same permissions; James opens the store once per SMTP port at every
     * start, and the 10,000 rounds (key, certificate and MAC) were a third of its start's CPU.
     */
    private static void keytool(List<String> arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-J-Dkeystore.pkcs12.keyPbeIterationCount=1", "-J-Dkeystore.pkcs12.certPbeIterationCount=1",
                "-J-Dkeystore.pkcs12.macIterationCount=1"));
        command.addAll(arguments);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool could not make the self-signed key for STARTTLS: " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making the TLS key", e);
        }
    }
}

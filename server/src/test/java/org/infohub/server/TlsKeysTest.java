package org.infohub.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.infohub.core.config.HubConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-signed key for STARTTLS: made with one round of PBKDF2 (keytool's 10,000 rounds, read at
 * every start by both SMTP ports, were a third of the start's CPU), and a store an earlier release
 * made is copied once into the new form, the same key and certificate, the old file gone.
 */
class TlsKeysTest {
    @TempDir
    Path temp;

    /** The PKCS#12 MAC's iteration count: the DER INTEGER that ends the file. */
    private static int macIterations(Path store) throws Exception {
        byte[] b = Files.readAllBytes(store);
        for (int len = 1; len <= 4; len++) {
            int at = b.length - len - 2;
            if (b[at] == 0x02 && b[at + 1] == len) {
                int n = 0;
                for (byte x : Arrays.copyOfRange(b, at + 2, b.length)) {
                    n = (n << 8) | (x & 0xff);
                }
                return n;
            }
        }
        throw new AssertionError("no MAC iteration count at the end of " + store);
    }

    private static Certificate certificate(Path store, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            ks.load(in, password.toCharArray());
        }
        assertThat(ks.getKey("infohub", password.toCharArray())).isNotNull();
        return ks.getCertificate("infohub");
    }

    private HubConfig config(Path dataDir) throws Exception {
        return MailFixture.config(dataDir, Optional.of("jdbc:mariadb://127.0.0.1:1/none"), "127.0.0.1:9", Map.of());
    }

    @Test
    void aNewKeyIsMadeWithOneRoundAndOwnerOnlyFiles() throws Exception {
        HubConfig config = config(Files.createDirectories(temp.resolve("new")));
        TlsKeys.Store store = TlsKeys.forConfig(config);
        assertThat(store.file().getFileName().toString()).isEqualTo("starttls.p12");
        assertThat(macIterations(store.file())).isEqualTo(1);
        assertThat(certificate(store.file(), store.password())).isNotNull();
        assertThat(Files.getPosixFilePermissions(store.file())).hasSize(2);
        // TLS works with it: a server context is made from the store.
        assertThat(TlsKeys.serverContext(store).getProtocol()).isEqualTo("TLS");
        // The next start takes the same store.
        assertThat(TlsKeys.forConfig(config)).isEqualTo(store);
    }

    @Test
    void aStoreFromAnEarlierReleaseIsCopiedOnceWithTheSameKey() throws Exception {
        Path data = Files.createDirectories(temp.resolve("old"));
        Path tls = Files.createDirectories(data.resolve("tls"));
        Path older = tls.resolve("self-signed.p12");
        String password = "0123456789abcdef0123456789abcdef0123";
        // As the earlier release made it: keytool's own defaults.
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "infohub", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                "-dname", "CN=hub.localhost", "-storetype", "PKCS12", "-keystore", older.toString(),
                "-storepass", password, "-keypass", password)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        Files.writeString(tls.resolve("self-signed.password"), password);
        assertThat(macIterations(older)).isEqualTo(10_000);
        Certificate before = certificate(older, password);

        TlsKeys.Store store = TlsKeys.forConfig(config(data));
        assertThat(store.file()).isEqualTo(tls.resolve("starttls.p12"));
        assertThat(older).doesNotExist();
        assertThat(macIterations(store.file())).isEqualTo(1);
        assertThat(certificate(store.file(), store.password())).isEqualTo(before);
    }
}

package org.infohub.core.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The hub's DKIM key: RSA 2048 (RFC 8301), kept as a PKCS#8 PEM file readable by its owner only,
 * and the TXT record that publishes its public half at {@code SELECTOR._domainkey.DOMAIN}.
 */
public final class DkimKeys {
    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private DkimKeys() {
    }

    /** A private key and the public key that goes with it. */
    public record Key(PrivateKey privateKey, PublicKey publicKey) {
        /** The record's value: {@code v=DKIM1; k=rsa; p=BASE64}. */
        public String txtValue() {
            return "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(publicKey.getEncoded());
        }

        /** The whole record in zone-file form, the value split into strings of at most 255 characters. */
        public String zoneRecord(String selector, String domain) {
            String value = txtValue();
            StringBuilder quoted = new StringBuilder();
            for (int i = 0; i < value.length(); i += 250) {
                quoted.append(quoted.length() == 0 ? "" : " ").append('"')
                        .append(value, i, Math.min(value.length(), i + 250)).append('"');
            }
            return selector + "._domainkey." + domain + ". IN TXT ( " + quoted + " )";
        }
    }

    /** Makes a new key in {@code file} (the directory is created); refuses to overwrite one. */
    public static Key generate(Path file) throws IOException {
        if (Files.exists(file)) {
            throw new IOException(file + " exists already: the hub signs with it. Remove it first to make a new key "
                    + "(and publish the new record before the old one goes)");
        }
        KeyPair pair;
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        // 0600 from the first byte: the key is never readable by another account, not even briefly
        org.infohub.core.files.PrivateFiles.writeString(tmp, BEGIN + "\n" + Base64.getMimeEncoder(64,
                "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pair.getPrivate().getEncoded()) + "\n" + END
                + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Key(pair.getPrivate(), pair.getPublic());
    }

    /** Reads a PKCS#8 PEM RSA key. */
    public static Key load(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        int b = pem.indexOf(BEGIN);
        int e = pem.indexOf(END);
        if (b < 0 || e < b) {
            throw new IOException(file + " is not a PKCS#8 PEM private key (" + BEGIN + ")");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            PrivateKey priv = rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            RSAPrivateCrtKey crt = (RSAPrivateCrtKey) priv;
            PublicKey pub = rsa.generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            return new Key(priv, pub);
        } catch (GeneralSecurityException | ClassCastException | IllegalArgumentException ex) {
            throw new IOException(file + " does not hold a readable RSA private key: " + ex.getMessage(), ex);
        }
    }

    /** Loads the key in {@code file}, making it first when there is none. */
    public static Key loadOrGenerate(Path file) throws IOException {
        return Files.exists(file) ? load(file) : generate(file);
    }
}

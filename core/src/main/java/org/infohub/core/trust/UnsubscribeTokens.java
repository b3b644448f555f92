package org.infohub.core.trust;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed token of a one-click unsubscribe link (RFC 8058): who and which list, in the clear,
 * plus an HMAC-SHA256 over both with the hub's secret, so a changed address or list is refused.
 * Form: {@code base64url(list "\n" email) "." base64url(first 16 bytes of the HMAC)}.
 */
public final class UnsubscribeTokens {
    public static final String SECRET_NAME = "unsubscribe-hmac";

    private final byte[] key;

    public UnsubscribeTokens(byte[] key) {
        this.key = key.clone();
    }

    public record Target(String list, String email) {
    }

    public String sign(String list, String email) {
        byte[] payload = (list.toLowerCase(Locale.ROOT) + "\n" + email.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8);
        return encoded(payload, mac(payload));
    }

    private static String encoded(byte[] payload, byte[] mac) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac);
    }

    /** The list and address of a token this hub signed; empty for anything else. */
    public Optional<Target> verify(String token) {
        if (token == null) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot == token.length() - 1) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
            byte[] given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(payload), given) || !token.equals(encoded(payload, given))) {
                // the second test refuses the other spellings of the same bytes (unused low bits of a last character)
                return Optional.empty();
            }
            String text = new String(payload, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return nl <= 0 ? Optional.empty() : Optional.of(new Target(text.substring(0, nl), text.substring(nl + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] full = mac.doFinal(payload);
            return java.util.Arrays.copyOf(full, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

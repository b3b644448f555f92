package org.infohub.core.trust;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens for links the hub mails out: a payload in the clear and the first 16 bytes of an
 * HMAC-SHA256 over it with one of the hub's secrets, {@code base64url(payload) "." base64url(mac)}.
 * Only the one spelling the hub writes is taken: another spelling of the same bytes (the unused
 * low bits of a last base64 character) is refused like a changed one.
 */
public final class SignedTokens {
    private final byte[] key;

    public SignedTokens(byte[] key) {
        this.key = key.clone();
    }

    public String sign(byte[] payload) {
        return encoded(payload, mac(payload));
    }

    /** The payload of a token made with this key; empty for anything else. */
    public Optional<byte[]> verify(String token) {
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
                return Optional.empty();
            }
            return Optional.of(payload);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String encoded(byte[] payload, byte[] mac) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac);
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.infohub.core.trust;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The signed token of a one-click unsubscribe link (RFC 8058): who and which list, in the clear,
 * plus an HMAC-SHA256 over both with the hub's secret, so a changed address or list is refused.
 * Form: {@code base64url(list "\n" email) "." base64url(first 16 bytes of the HMAC)} ({@link SignedTokens}).
 */
public final class UnsubscribeTokens {
    public static final String SECRET_NAME = "unsubscribe-hmac";

    private final SignedTokens tokens;

    public UnsubscribeTokens(byte[] key) {
        this.tokens = new SignedTokens(key);
    }

    public record Target(String list, String email) {
    }

    public String sign(String list, String email) {
        return tokens.sign((list.toLowerCase(Locale.ROOT) + "\n" + email.toLowerCase(Locale.ROOT))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The list and address of a token this hub signed; empty for anything else. */
    public Optional<Target> verify(String token) {
        return tokens.verify(token).flatMap(payload -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            return nl <= 0 ? Optional.empty() : Optional.of(new Target(text.substring(0, nl), text.substring(nl + 1)));
        });
    }
}

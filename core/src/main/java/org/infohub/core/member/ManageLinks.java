package org.infohub.core.member;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.infohub.core.db.Jdbc;
import org.infohub.core.trust.HubSecrets;

/**
 * Sign-in links for representatives to manage their own lists (the page every post's shared copy
 * names in {@code List-Unsubscribe}). Anyone may ask for a link for an address; it is sent only to
 * that address, only if it is an active representative's, at most once every {@link #AGAIN}. The
 * link carries the address and an expiry in the clear with an HMAC over both, valid for
 * {@link #VALID}: whoever reads the representative's mail may manage their lists, nobody else.
 */
public final class ManageLinks {
    public static final String SECRET_NAME = "manage-hmac";
    public static final Duration VALID = Duration.ofHours(24);
    public static final Duration AGAIN = Duration.ofMinutes(10);

    private final Jdbc jdbc;
    private final Clock clock;
    private final byte[] key;

    /** A link to send. */
    public record Request(long id, String email) {
    }

    public ManageLinks(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.key = new HubSecrets(jdbc).get(SECRET_NAME);
    }

    /** Asks for a link for {@code email}; true when one will be sent (the caller never says which). */
    public boolean request(String email) {
        String e = MembershipRepository.normalise(email);
        Optional<Representative> rep = new MembershipRepository(jdbc).findRepresentative(e);
        if (rep.isEmpty() || !rep.get().active()) {
            return false;
        }
        Instant now = clock.instant();
        return jdbc.inTransaction(() -> {
            jdbc.query("SELECT id FROM representative WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), rep.get().id());
            if (jdbc.queryLong("SELECT COUNT(*) FROM manage_link_request WHERE email = ? AND requested_at > ?", e,
                    now.minus(AGAIN)) > 0) {
                return false;
            }
            jdbc.execute("INSERT INTO manage_link_request (email, requested_at) VALUES (?, ?)", e, now);
            return true;
        });
    }

    public List<Request> unsent() {
        return jdbc.query("SELECT id, email FROM manage_link_request WHERE sent_at IS NULL ORDER BY id LIMIT 100",
                rs -> new Request(rs.getLong(1), rs.getString(2)));
    }

    public void markSent(long id) {
        jdbc.execute("UPDATE manage_link_request SET sent_at = ? WHERE id = ?", clock.instant(), id);
    }

    /** A token for {@code email}, valid for {@link #VALID} from now. */
    public String token(String email) {
        long expires = clock.instant().plus(VALID).getEpochSecond();
        byte[] payload = (email.toLowerCase(Locale.ROOT) + "\n" + expires).getBytes(StandardCharsets.UTF_8);
        return encoded(payload, mac(payload));
    }

    /** The address of a token this hub made that has not expired; empty for anything else. */
    public Optional<String> verify(String token) {
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
            String text = new String(payload, StandardCharsets.UTF_8);
            int nl = text.lastIndexOf('\n');
            if (nl <= 0 || Instant.ofEpochSecond(Long.parseLong(text.substring(nl + 1))).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(text.substring(0, nl));
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
            return java.util.Arrays.copyOf(mac.doFinal(payload), 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.infohub.core.member;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.infohub.core.db.Jdbc;
import org.infohub.core.trust.HubSecrets;
import org.infohub.core.trust.SignedTokens;

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
    private final SignedTokens tokens;

    /** A link to send. */
    public record Request(long id, String email) {
    }

    public ManageLinks(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tokens = new SignedTokens(new HubSecrets(jdbc).get(SECRET_NAME));
    }

    /** Asks for a link for {@code email}; true when one will be sent (the caller never says which). */
    public boolean request(String email) {
        String e = MembershipRepository.normalise(email);
        Optional<Representative> rep = new MembershipRepository(jdbc).findRepresentative(e);
        if (rep.isEmpty() || !rep.get().active()) {
            return false;
        }
        Instant now = clock.instant();
        // the link goes to the address on record, never to the address as typed
        String registered = rep.get().email();
        return jdbc.inTransaction(() -> {
            jdbc.query("SELECT id FROM representative WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), rep.get().id());
            if (jdbc.queryLong("SELECT COUNT(*) FROM manage_link_request WHERE email = ? AND requested_at > ?",
                    registered, now.minus(AGAIN)) > 0) {
                return false;
            }
            jdbc.execute("INSERT INTO manage_link_request (email, requested_at) VALUES (?, ?)", registered, now);
            return true;
        });
    }

    public List<Request> unsent() {
        return jdbc.query("SELECT id, email FROM manage_link_request WHERE sent_at IS NULL ORDER BY id LIMIT 100",
                rs -> new Request(rs.getLong(1), rs.getString(2)));
    }

    /**
     * A request that cannot be sent: kept with the reason (for the administrators) and not tried
     * again, so it never holds up the requests after it.
     */
    public void markFailed(long id, String reason) {
        jdbc.execute("UPDATE manage_link_request SET sent_at = ?, failure = ? WHERE id = ?", clock.instant(),
                reason.length() > 500 ? reason.substring(0, 500) : reason, id);
    }

    public void markSent(long id) {
        jdbc.execute("UPDATE manage_link_request SET sent_at = ? WHERE id = ?", clock.instant(), id);
    }

    /** A token for {@code email}, valid for {@link #VALID} from now. */
    public String token(String email) {
        long expires = clock.instant().plus(VALID).getEpochSecond();
        return tokens.sign((email.toLowerCase(Locale.ROOT) + "\n" + expires).getBytes(StandardCharsets.UTF_8));
    }

    /** The address of a token this hub made that has not expired; empty for anything else. */
    public Optional<String> verify(String token) {
        return tokens.verify(token).flatMap(payload -> {
            String text = new String(payload, StandardCharsets.UTF_8);
            int nl = text.lastIndexOf('\n');
            try {
                if (nl <= 0 || Instant.ofEpochSecond(Long.parseLong(text.substring(nl + 1))).isBefore(clock.instant())) {
                    return Optional.empty();
                }
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            return Optional.of(text.substring(0, nl));
        });
    }
}

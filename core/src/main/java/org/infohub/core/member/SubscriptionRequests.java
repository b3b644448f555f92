package org.infohub.core.member;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import org.infohub.core.db.Jdbc;

/**
 * Changes a representative asks for by e-mail, waiting for them to confirm with a token: the
 * token is only good for that representative, that list and that change, once, for three days.
 */
public final class SubscriptionRequests {

    /** What a representative can ask for at {@code <list>-request@}. */
    public enum Action {
        SUBSCRIBE(DeliveryMode.IMMEDIATE, "subscribe"),
        UNSUBSCRIBE(DeliveryMode.OFF, "unsubscribe"),
        DIGEST_ON(DeliveryMode.DIGEST, "digest on"),
        DIGEST_OFF(DeliveryMode.IMMEDIATE, "digest off");

        private final DeliveryMode mode;
        private final String command;

        Action(DeliveryMode mode, String command) {
            this.mode = mode;
            this.command = command;
        }

        public DeliveryMode mode() {
            return mode;
        }

        public String command() {
            return command;
        }
    }

    /** A request waiting for its confirmation. */
    public record Pending(String token, long representativeId, long listId, Action action, Instant expires) {
    }

    public static final Duration VALID = Duration.ofDays(3);

    private static final String INSERT = "INSERT INTO request_confirmation (token, representative_id, list_id, action, "
            + "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String FIND = "SELECT token, representative_id, list_id, action, expires_at FROM request_confirmation "
            + "WHERE token = ? AND used_at IS NULL FOR UPDATE";
    private static final String USE = "UPDATE request_confirmation SET used_at = ? WHERE token = ? AND used_at IS NULL";

    private final Jdbc jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SubscriptionRequests(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public String create(Representative rep, HubList list, Action action) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        Instant now = clock.instant();
        jdbc.execute(INSERT, token, rep.id(), list.id(), action.name(), Timestamp.from(now), Timestamp.from(now.plus(VALID)));
        return token;
    }

    /**
     * Takes the pending request with {@code token} if it belongs to {@code rep} and has not run out,
     * marking it used in the same transaction as {@code apply}.
     */
    public Optional<Pending> confirm(String token, Representative rep, java.util.function.Consumer<Pending> apply) {
        String clean = token == null ? "" : token.trim().toLowerCase(Locale.ROOT);
        if (!clean.matches("[0-9a-f]{32}")) {
            return Optional.empty();
        }
        return jdbc.inTransaction(() -> {
            Optional<Pending> p = jdbc.queryOne(FIND, rs -> new Pending(rs.getString(1), rs.getLong(2), rs.getLong(3),
                    Action.valueOf(rs.getString(4)), rs.getTimestamp(5).toInstant()), clean);
            if (p.isEmpty() || p.get().representativeId() != rep.id() || p.get().expires().isBefore(clock.instant())) {
                return Optional.<Pending>empty();
            }
            jdbc.execute(USE, Timestamp.from(clock.instant()), clean);
            apply.accept(p.get());
            return p;
        });
    }
}

package org.infohub.core.trust;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.MembershipRepository;
import org.infohub.core.member.Representative;
import org.infohub.core.member.ValidationException;

/**
 * Representatives' passwords for SMTP AUTH on the submission port. Stored as PBKDF2-HMAC-SHA256
 * ({@code pbkdf2-sha256$ITERATIONS$SALT$HASH}, 16 random bytes of salt), never in clear; the JDK's
 * own implementation, so the mail server needs no extra library.
 */
public final class SmtpPasswords {
    static final int ITERATIONS = 210_000;
    private static final int MIN_LENGTH = 12;
    private static final String SET = "UPDATE representative SET smtp_password_hash = ? WHERE id = ?";
    private static final String GET = "SELECT COALESCE(smtp_password_hash, '') FROM representative WHERE id = ?";
    private static final String LOCK_ROW = "SELECT smtp_failed_attempts, smtp_locked_until FROM representative "
            + "WHERE id = ? FOR UPDATE";
    private static final String RESERVE = "UPDATE representative SET smtp_failed_attempts = ?, smtp_locked_until = ? "
            + "WHERE id = ?";
    private static final String CLEAR = "UPDATE representative SET smtp_failed_attempts = 0, smtp_locked_until = NULL "
            + "WHERE id = ?";

    private final Jdbc jdbc;
    private final MembershipRepository members;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    private final Clock clock;

    public SmtpPasswords(Jdbc jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.members = new MembershipRepository(jdbc);
        this.audit = audit;
    }

    /** Sets (or, with an empty password, removes) {@code email}'s submission password. */
    public void set(String actor, String email, String password) {
        Representative rep = members.findRepresentative(email)
                .orElseThrow(() -> ValidationException.of("email", "no representative " + email));
        String hash = null;
        if (!password.isEmpty()) {
            if (password.length() < MIN_LENGTH) {
                throw ValidationException.of("password", "at least " + MIN_LENGTH + " characters");
            }
            hash = hash(password.toCharArray());
        }
        String stored = hash;
        jdbc.inTransaction(() -> {
            jdbc.execute(SET, stored, rep.id());
            jdbc.execute(CLEAR, rep.id());
            audit.record(actor, stored == null ? "rep.smtp-password.remove" : "rep.smtp-password.set", "representative",
                    rep.email(), "", stored == null ? "no submission password" : "submission password set");
            return null;
        });
    }

    /** Whether {@code email} has a submission password. */
    public boolean hasPassword(String email) {
        return members.findRepresentative(email)
                .flatMap(r -> jdbc.queryOne(GET, rs -> rs.getString(1), r.id()))
                .filter(h -> !h.isEmpty()).isPresent();
    }

    /** Wrong submission passwords in a row before a representative's SMTP AUTH is locked, and for how long. */
    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);

    /**
     * The active representative {@code login} names when {@code password} is theirs. Unknown users
     * cost as much as known ones, so timing does not tell which addresses are registered. Like the
     * console's sign-in, the attempt is counted before the hash is checked, under the
     * representative's row lock, and five wrong passwords in a row lock SMTP AUTH for 15 minutes:
     * concurrent guesses are not all checked.
     */
    public Optional<Representative> verify(String login, String password) {
        Optional<Representative> rep = members.findRepresentative(login.trim().toLowerCase(Locale.ROOT));
        Optional<String> stored = rep.flatMap(r -> jdbc.queryOne(GET, rs -> rs.getString(1), r.id()));
        if (stored.isEmpty() || stored.get().isEmpty()) {
            hash(password.toCharArray());
            return Optional.empty();
        }
        Instant now = clock.instant();
        boolean reserved = jdbc.inTransaction(() -> {
            Object[] row = jdbc.queryOne(LOCK_ROW, rs -> new Object[] {rs.getInt(1), Jdbc.instant(rs, "smtp_locked_until")},
                    rep.get().id()).orElseThrow();
            int failed = (Integer) row[0];
            Instant locked = (Instant) row[1];
            if (locked != null && now.isBefore(locked)) {
                return false;
            }
            failed = locked != null ? 1 : failed + 1;
            jdbc.execute(RESERVE, failed, failed >= MAX_FAILURES ? Timestamp.from(now.plus(LOCK)) : null, rep.get().id());
            return true;
        });
        if (!reserved) {
            // Locked: refused without spending 210,000 iterations on a guess.
            return Optional.empty();
        }
        if (matches(password.toCharArray(), stored.get()) && rep.get().active()) {
            jdbc.execute(CLEAR, rep.get().id());
            return rep;
        }
        return Optional.empty();
    }

    String hash(char[] password) {
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        return "pbkdf2-sha256$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
    }

    static boolean matches(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !parts[0].equals("pbkdf2-sha256")) {
            return false;
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, Integer.parseInt(parts[1])));
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password, salt, iterations, 256)).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

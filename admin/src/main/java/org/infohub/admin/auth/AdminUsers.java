package org.infohub.admin.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.ValidationException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Console users: created from the command line, passwords kept as BCrypt hashes (cost 12, salted;
 * Spring Security's encoder), locked for 15 minutes after five wrong passwords in a row. API
 * tokens are random, shown once, and stored as SHA-256.
 */
public final class AdminUsers {

    /** A console user as the console sees them. */
    public record AdminUser(long id, String name, String role, int failedAttempts, Optional<Instant> lockedUntil) {
    }

    /** The answer to a sign-in: the user, or why not. */
    public record SignIn(Optional<AdminUser> user, String problem) {
        public boolean ok() {
            return user.isPresent();
        }
    }

    public static final int MAX_FAILURES = 5;
    public static final Duration LOCK = Duration.ofMinutes(15);
    static final int MIN_PASSWORD = 12;

    private static final String COLUMNS = "SELECT id, name, role, failed_attempts, locked_until FROM admin_user";
    private static final String FIND = COLUMNS + " WHERE name = ?";
    private static final String HASH = "SELECT password_hash FROM admin_user WHERE name = ?";
    private static final String INSERT = "INSERT INTO admin_user (name, password_hash, role) VALUES (?, ?, 'admin')";
    private static final String SET_PASSWORD = "UPDATE admin_user SET password_hash = ?, failed_attempts = 0, locked_until = NULL WHERE id = ?";
    private static final String LOCK_ROW = "SELECT failed_attempts, locked_until FROM admin_user WHERE id = ? FOR UPDATE";
    private static final String RESERVE = "UPDATE admin_user SET failed_attempts = ?, locked_until = ? WHERE id = ?";
    private static final String SUCCEEDED = "UPDATE admin_user SET failed_attempts = 0, locked_until = NULL WHERE id = ?";
    private static final String ALL = COLUMNS + " ORDER BY name";
    private static final String INSERT_TOKEN = "INSERT INTO api_token (admin_user_id, label, token_sha256) VALUES (?, ?, ?)";
    private static final String TOKEN_USER = COLUMNS + " WHERE id = (SELECT admin_user_id FROM api_token WHERE token_sha256 = ?)";

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(12);
    private final SecureRandom random = new SecureRandom();
    /** Compared against when the name is unknown, so an unknown name costs the same time as a wrong password. */
    private final String decoy;

    public AdminUsers(Jdbc jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.decoy = encoder.encode("decoy-password-never-used");
    }

    public AdminUser create(String actor, String name, String password) {
        String clean = name == null ? "" : name.strip();
        if (!clean.matches("[A-Za-z0-9._@-]{2,64}")) {
            throw ValidationException.of("name", "use 2 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        checkPassword(password);
        if (find(clean).isPresent()) {
            throw ValidationException.of("name", "an administrator named " + clean + " already exists");
        }
        return jdbc.inTransaction(() -> {
            jdbc.insert(INSERT, clean, encoder.encode(password));
            audit.record(actor, "admin.create", "admin_user", clean, "", "name=" + clean + "; role=admin");
            return find(clean).orElseThrow();
        });
    }

    public void setPassword(String actor, String name, String password) {
        AdminUser user = find(name).orElseThrow(() -> ValidationException.of("name", "no administrator named " + name));
        checkPassword(password);
        jdbc.inTransaction(() -> {
            jdbc.execute(SET_PASSWORD, encoder.encode(password), user.id());
            audit.record(actor, "admin.password", "admin_user", user.name(), "", "password changed; lock-out cleared");
            return null;
        });
    }

    public List<AdminUser> all() {
        return jdbc.query(ALL, AdminUsers::user);
    }

    public Optional<AdminUser> find(String name) {
        return jdbc.queryOne(FIND, AdminUsers::user, name == null ? "" : name.strip());
    }

    /**
     * Checks a password; counts failures and locks the account after {@value #MAX_FAILURES}. The
     * attempt is counted before the hash is checked, in a transaction holding the user's row: of
     * many concurrent guesses only {@value #MAX_FAILURES} are ever checked, the rest are refused.
     */
    public SignIn signIn(String name, String password) {
        Optional<AdminUser> user = find(name);
        String shown = name == null ? "" : name.strip().replaceAll("[^A-Za-z0-9._@-]", "?");
        if (shown.length() > 64) {
            shown = shown.substring(0, 64);
        }
        if (user.isEmpty()) {
            encoder.matches(password == null ? "" : password, decoy);
            audit.record("console", "admin.sign-in.failed", "admin_user", shown, "", "no such administrator");
            return new SignIn(Optional.empty(), "Wrong name or password.");
        }
        AdminUser u = user.get();
        Instant now = clock.instant();
        Optional<Instant> locked = jdbc.inTransaction(() -> reserveAttempt(u.id(), now));
        if (locked.isPresent()) {
            audit.record("console", "admin.sign-in.failed", "admin_user", u.name(), "", "account locked");
            return new SignIn(Optional.empty(), "This account is locked after " + MAX_FAILURES
                    + " wrong passwords; try again after " + locked.get() + " (UTC), or ask another administrator to "
                    + "reset the password with 'infohub admin passwd'.");
        }
        String hash = jdbc.queryOne(HASH, rs -> rs.getString(1), u.name()).orElse(decoy);
        if (password != null && encoder.matches(password, hash)) {
            jdbc.execute(SUCCEEDED, u.id());
            audit.record("console", "admin.sign-in", "admin_user", u.name(), "", "signed in");
            return new SignIn(find(u.name()), "");
        }
        audit.record("console", "admin.sign-in.failed", "admin_user", u.name(), "", "wrong password");
        AdminUser after = find(u.name()).orElseThrow();
        if (after.failedAttempts() >= MAX_FAILURES) {
            audit.record("console", "admin.locked", "admin_user", u.name(), "", "locked until " + after.lockedUntil().orElse(now));
            return new SignIn(Optional.empty(), "Wrong name or password. The account is now locked for "
                    + LOCK.toMinutes() + " minutes.");
        }
        return new SignIn(Optional.empty(), "Wrong name or password.");
    }

    /**
     * Counts one attempt against user {@code id} (a success clears it again), locking the account
     * as the count reaches the limit; the lock's end when the account is locked already.
     */
    private Optional<Instant> reserveAttempt(long id, Instant now) throws java.sql.SQLException {
        Object[] row = jdbc.queryOne(LOCK_ROW, rs -> new Object[] {rs.getInt(1), Jdbc.instant(rs, "locked_until")}, id)
                .orElseThrow();
        int failed = (Integer) row[0];
        Instant lockedUntil = (Instant) row[1];
        if (lockedUntil != null && now.isBefore(lockedUntil)) {
            return Optional.of(lockedUntil);
        }
        if (lockedUntil != null) {
            // A lock that has run out starts a fresh count.
            failed = 0;
        }
        failed++;
        Instant lock = failed >= MAX_FAILURES ? now.plus(LOCK) : null;
        jdbc.execute(RESERVE, failed, lock == null ? null : Timestamp.from(lock), id);
        return Optional.empty();
    }

    /** A new API token for {@code name}; the token itself is returned once and never stored. */
    public String createToken(String actor, String name, String label) {
        AdminUser user = find(name).orElseThrow(() -> ValidationException.of("name", "no administrator named " + name));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "ih_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        jdbc.inTransaction(() -> {
            jdbc.insert(INSERT_TOKEN, user.id(), label == null || label.isBlank() ? "api" : label.strip(), sha256(token));
            audit.record(actor, "admin.token", "admin_user", user.name(), "", "API token '" + label + "' created");
            return null;
        });
        return token;
    }

    public Optional<AdminUser> byToken(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return jdbc.queryOne(TOKEN_USER, AdminUsers::user, sha256(token.strip()));
    }

    private static void checkPassword(String password) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw ValidationException.of("password", "use at least " + MIN_PASSWORD + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > 72) {
            // BCrypt reads 72 bytes at most; a longer password would be silently cut.
            throw ValidationException.of("password", "use at most 72 bytes (BCrypt reads no more)");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AdminUser user(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp locked = rs.getTimestamp("locked_until");
        return new AdminUser(rs.getLong("id"), rs.getString("name"), rs.getString("role"), rs.getInt("failed_attempts"),
                Optional.ofNullable(locked).map(Timestamp::toInstant));
    }
}

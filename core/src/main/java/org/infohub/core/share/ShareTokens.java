package org.infohub.core.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.infohub.core.audit.AuditLog;
import org.infohub.core.db.Jdbc;
import org.infohub.core.member.Organisation;

/**
 * The tokens with which an organisation's tools read what the hub shares with it (TAXII, MISP
 * feed). A token is shown once when made; only its SHA-256 is kept. An organisation that is
 * suspended reads nothing.
 */
public final class ShareTokens {
    /** A token as listed: never the token itself. */
    public record Token(long id, String label, java.time.Instant created, String createdBy) {
    }

    private final Jdbc jdbc;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ShareTokens(Jdbc jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    /** Makes a token for the organisation's tools and returns it (the only time it is shown). */
    public String create(String actor, Organisation org, String label) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "ih_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String l = label == null || label.isBlank() ? "tools" : label.strip();
        jdbc.insert("INSERT INTO share_token (organisation_id, label, token_sha256, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                org.id(), l.length() > 100 ? l.substring(0, 100) : l, sha256(token), Timestamp.from(clock.instant()), actor);
        audit.record(actor, "share-token.create", "organisation", org.name(), "", "label=" + l);
        return token;
    }

    public List<Token> of(long organisationId) {
        return jdbc.query("SELECT id, label, created_at, created_by FROM share_token WHERE organisation_id = ? ORDER BY id",
                rs -> new Token(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)),
                organisationId);
    }

    public void revoke(String actor, Organisation org, long id) {
        jdbc.execute("DELETE FROM share_token WHERE id = ? AND organisation_id = ?", id, org.id());
        audit.record(actor, "share-token.revoke", "organisation", org.name(), "token=" + id, "");
    }

    /** The active organisation a token belongs to. */
    public Optional<Long> organisation(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        return jdbc.queryOne("SELECT t.organisation_id FROM share_token t JOIN organisation o ON o.id = t.organisation_id "
                + "WHERE t.token_sha256 = ? AND o.status = 'active'", rs -> rs.getLong(1), sha256(token.strip()));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

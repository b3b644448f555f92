package org.infohub.core.trust;

import java.security.SecureRandom;

import org.infohub.core.db.Jdbc;

/**
 * Keys the mail server and the console share through MariaDB, each made once at random on first
 * use: whichever process asks first creates it, the other reads the same bytes.
 */
public final class HubSecrets {
    private static final String CREATE = "INSERT IGNORE INTO hub_secret (name, secret) VALUES (?, ?)";
    private static final String READ = "SELECT secret FROM hub_secret WHERE name = ?";

    private final Jdbc jdbc;

    public HubSecrets(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public byte[] get(String name) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.execute(CREATE, name, fresh);
        return jdbc.queryOne(READ, rs -> rs.getBytes(1), name).orElseThrow();
    }
}

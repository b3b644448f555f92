package org.infohub.core.share;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.infohub.core.db.Jdbc;

/**
 * The STIX ids of the hub's objects, kept in MariaDB ({@code stix_id}): a random UUIDv4 made at an
 * object's first export, the same at every export after, whichever process (console, Public Zone)
 * asks first: the first insert wins and every process reads it back. An item's ids are read in one
 * query; an id leads back to its item ({@link #itemOf}), as TAXII's object endpoints need.
 */
public final class StixIds implements Stix.Ids {
    private final Jdbc jdbc;

    public StixIds(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, UUID> of(String itemKey, List<String> keys) {
        Map<String, UUID> known = read(itemKey);
        List<String> missing = new ArrayList<>();
        for (String k : keys) {
            if (!known.containsKey(hex(k))) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            Timestamp now = Timestamp.from(Instant.now());
            for (String k : missing) {
                jdbc.execute("INSERT IGNORE INTO stix_id (key_hash, id, item_key, object_key, created_at) VALUES (?, ?, ?, ?, ?)",
                        hash(k), UUID.randomUUID().toString(), itemKey, k, now);
            }
            known = read(itemKey);
        }
        Map<String, UUID> out = new LinkedHashMap<>();
        for (String k : keys) {
            UUID id = known.get(hex(k));
            if (id == null) {
                throw new IllegalStateException("no STIX id kept for an object of " + itemKey);
            }
            out.put(k, id);
        }
        return out;
    }

    /** The item an object id (with or without its {@code type--} prefix) belongs to. */
    public Optional<String> itemOf(String stixId) {
        String uuid = stixId.contains("--") ? stixId.substring(stixId.indexOf("--") + 2) : stixId;
        if (uuid.length() != 36) {
            return Optional.empty();
        }
        return jdbc.queryOne("SELECT item_key FROM stix_id WHERE id = ?", rs -> rs.getString(1), uuid);
    }

    private Map<String, UUID> read(String itemKey) {
        Map<String, UUID> out = new HashMap<>();
        jdbc.query("SELECT key_hash, id FROM stix_id WHERE item_key = ?", rs -> out.put(HexFormat.of().formatHex(rs.getBytes(1)),
                UUID.fromString(rs.getString(2))), itemKey);
        return out;
    }

    private static String hex(String key) {
        return HexFormat.of().formatHex(hash(key));
    }

    private static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

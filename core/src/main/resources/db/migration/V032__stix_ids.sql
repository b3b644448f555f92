-- STIX ids of the objects the hub publishes: a random UUIDv4 made at an object's first export and
-- kept, so re-exports, TAXII versions and MISP correlations stay stable (STIX 2.1, 2.9). The key
-- names the object (its item and what it stands for); its SHA-256 is the primary key.
CREATE TABLE IF NOT EXISTS stix_id (
    key_hash BINARY(32) NOT NULL PRIMARY KEY,
    id CHAR(36) CHARACTER SET ascii NOT NULL,
    item_key VARCHAR(64) CHARACTER SET ascii NOT NULL,
    object_key VARCHAR(2100) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    UNIQUE KEY uk_stix_id (id),
    KEY ix_stix_id_item (item_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Tokens an organisation's tools (SIEM, firewall, MISP) use to read the hub's TAXII collections
-- and MISP feed: only the SHA-256 of each is kept.
CREATE TABLE IF NOT EXISTS share_token (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organisation_id BIGINT NOT NULL,
    label VARCHAR(100) NOT NULL,
    token_sha256 CHAR(64) CHARACTER SET ascii NOT NULL,
    created_at DATETIME(3) NOT NULL,
    created_by VARCHAR(254) NOT NULL,
    UNIQUE KEY uk_share_token (token_sha256),
    CONSTRAINT fk_share_token_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE CASCADE
) ENGINE=InnoDB;

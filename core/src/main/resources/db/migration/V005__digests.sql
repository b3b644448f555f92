-- Digests: each representative's cursor over the archive, and the outbox of built digests waiting
-- to be handed to James's durable queue. The cursor moves in the transaction that writes the
-- digest to the outbox, so a crash neither skips an item nor builds a digest twice; a digest is
-- marked handed over by the hub's pipeline itself, once, whatever the number of hand-over tries.
ALTER TABLE representative ADD COLUMN IF NOT EXISTS digest_format VARCHAR(8) NOT NULL DEFAULT 'mime';

CREATE TABLE IF NOT EXISTS digest_cursor (
    representative_id BIGINT NOT NULL PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    CONSTRAINT fk_digest_cursor_representative FOREIGN KEY (representative_id) REFERENCES representative (id)
        ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS digest_outbox (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    representative_id BIGINT NOT NULL,
    recipient VARCHAR(254) NOT NULL,
    message_id VARCHAR(255) CHARACTER SET ascii NOT NULL,
    built_at DATETIME(3) NOT NULL,
    items INT NOT NULL,
    first_seq BIGINT NOT NULL,
    last_seq BIGINT NOT NULL,
    raw LONGBLOB NOT NULL,
    queued_at DATETIME(3) NULL,
    handed_over_at DATETIME(3) NULL,
    handover_attempts INT NOT NULL DEFAULT 0,
    UNIQUE KEY uk_digest_outbox_message (message_id),
    KEY ix_digest_outbox_pending (handed_over_at, id),
    CONSTRAINT fk_digest_outbox_representative FOREIGN KEY (representative_id) REFERENCES representative (id)
        ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

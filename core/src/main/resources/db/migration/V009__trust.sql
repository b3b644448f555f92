-- Sender authenticity, SMTP AUTH, bounce handling and one-click unsubscribe (issue 8).

-- What a list does with a post that is neither DMARC-aligned (SPF or DKIM) nor sent with SMTP AUTH:
-- hold (for an administrator), reject (explaining bounce) or off (no check; closed networks only).
ALTER TABLE hub_list ADD COLUMN IF NOT EXISTS sender_check VARCHAR(16) NOT NULL DEFAULT 'hold';

-- The representative's password for the submission port (PBKDF2, never the password itself), and
-- their bounce score: decays with a half-life, delivery stops when it passes the threshold.
ALTER TABLE representative
    ADD COLUMN IF NOT EXISTS smtp_password_hash VARCHAR(255) NULL,
    ADD COLUMN IF NOT EXISTS bounce_score DOUBLE NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS bounce_at DATETIME(3) NULL,
    ADD COLUMN IF NOT EXISTS delivery_disabled_at DATETIME(3) NULL;

-- Every bounce the hub read, counted or not (spam rejections are not held against the member).
CREATE TABLE IF NOT EXISTS bounce_event (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    representative_id BIGINT NOT NULL,
    list_local_part VARCHAR(64) NOT NULL,
    received_at DATETIME(3) NOT NULL,
    status VARCHAR(16) NOT NULL,
    counted BOOLEAN NOT NULL,
    diagnostic VARCHAR(500) NOT NULL,
    score_after DOUBLE NOT NULL,
    KEY ix_bounce_event_representative (representative_id, received_at),
    CONSTRAINT fk_bounce_event_representative FOREIGN KEY (representative_id) REFERENCES representative (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Keys the server and the console share (HMAC key of unsubscribe tokens), made once at random.
CREATE TABLE IF NOT EXISTS hub_secret (
    name VARCHAR(64) NOT NULL PRIMARY KEY,
    secret VARBINARY(64) NOT NULL
) ENGINE=InnoDB;

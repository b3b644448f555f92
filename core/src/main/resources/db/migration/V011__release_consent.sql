-- Consent that binds the text (issue 14): the hash of the exact text mailed to the originator, the
-- hash of what was published, and every reply the originator sent, whatever it said.
ALTER TABLE public_release
    ADD COLUMN IF NOT EXISTS consent_sha256 CHAR(64) CHARACTER SET ascii NULL,
    ADD COLUMN IF NOT EXISTS published_sha256 CHAR(64) CHARACTER SET ascii NULL;

CREATE TABLE IF NOT EXISTS release_reply (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    release_id BIGINT NOT NULL,
    received_at DATETIME(3) NOT NULL,
    sender VARCHAR(254) NOT NULL,
    -- agreed, refused, unclear (anything else: a question, a refusal in other words), automatic
    -- (an out-of-office reply), stale (an answer to a text that has changed since)
    outcome VARCHAR(16) NOT NULL,
    text TEXT NOT NULL,
    KEY ix_release_reply_release (release_id, received_at),
    CONSTRAINT fk_release_reply_release FOREIGN KEY (release_id) REFERENCES public_release (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

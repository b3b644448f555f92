-- Two hub nodes take posts at once (issue 29). A sender's server that retries on the other node
-- after a failure hands the same post to both, so a post's identity is decided here, in the
-- database both share: its Message-ID, its list and a SHA-256 of its body (the bytes after the
-- header block). A different post that reuses a Message-ID (a broken client, or a member who knows
-- the Message-ID of a post to come) is not taken for the first one.
ALTER TABLE submission
    ADD COLUMN IF NOT EXISTS body_hash BINARY(32) NULL,
    -- Which copy of the post delivers it (node and mail, "node/mail") and when it last said so
    -- (database time): any other copy, on either node, waits until the claim has lapsed or the
    -- post is distributed. The same mail run again after a crash goes on.
    ADD COLUMN IF NOT EXISTS claimed_by VARCHAR(255) CHARACTER SET ascii NULL,
    ADD COLUMN IF NOT EXISTS claimed_at DATETIME(3) NULL;

-- Posts archived before: the same hash of their stored bytes (no header block end: an empty body).
UPDATE submission SET body_hash = UNHEX(SHA2(SUBSTRING(raw, IF(LOCATE(X'0D0A0D0A', raw) = 0, LENGTH(raw) + 1,
        LOCATE(X'0D0A0D0A', raw) + 4)), 256))
    WHERE body_hash IS NULL;

ALTER TABLE submission
    ADD UNIQUE KEY IF NOT EXISTS uk_submission_identity (message_id, list_id, body_hash);
ALTER TABLE submission
    DROP INDEX IF EXISTS uk_submission_message_list;

-- A changed index entry (an administrator changed a post's kind) is a line in a log that every
-- node's index follows by its own position, kept in the index: a node no longer deletes a request
-- the other node's index has not yet carried out. Requests still pending move over.
CREATE TABLE IF NOT EXISTS index_change (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    seq BIGINT NOT NULL,
    requested_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    KEY ix_index_change_seq (seq)
) ENGINE=InnoDB;
CREATE TABLE IF NOT EXISTS index_update (
    seq BIGINT NOT NULL PRIMARY KEY,
    requested_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;
INSERT INTO index_change (seq, requested_at)
    SELECT u.seq, u.requested_at FROM index_update u ORDER BY u.seq;
DROP TABLE IF EXISTS index_update;

-- The archive: one row per post accepted to a list, in the order given by seq.
-- seq is handed out under a row lock held until commit (archive_sequence), so seq order is
-- commit order and the indexer, which follows seq, never skips a row committed late.
CREATE TABLE IF NOT EXISTS archive_sequence (
    id TINYINT NOT NULL PRIMARY KEY,
    next_seq BIGINT NOT NULL
) ENGINE=InnoDB;
INSERT IGNORE INTO archive_sequence (id, next_seq) VALUES (1, 1);

CREATE TABLE IF NOT EXISTS submission (
    seq BIGINT NOT NULL PRIMARY KEY,
    message_id VARCHAR(900) CHARACTER SET ascii NOT NULL,
    list_id BIGINT NOT NULL,
    sender VARCHAR(254) NOT NULL,
    representative_id BIGINT NULL,
    organisation_id BIGINT NULL,
    organisation_name VARCHAR(200) NULL,
    sector VARCHAR(32) NULL,
    subject TEXT NOT NULL,
    text_body MEDIUMTEXT NOT NULL,
    tlp VARCHAR(16) NOT NULL,
    tlp_labelled BOOLEAN NOT NULL,
    received_at DATETIME(3) NOT NULL,
    in_reply_to VARCHAR(900) CHARACTER SET ascii NULL,
    raw LONGBLOB NOT NULL,
    raw_size INT NOT NULL,
    distributed_at DATETIME(3) NULL,
    UNIQUE KEY uk_submission_message_list (message_id, list_id),
    KEY ix_submission_list_received (list_id, received_at),
    CONSTRAINT fk_submission_list FOREIGN KEY (list_id) REFERENCES hub_list (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 ROW_FORMAT=DYNAMIC;

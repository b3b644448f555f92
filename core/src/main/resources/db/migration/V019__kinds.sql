-- Every post's kind (alert, advisory, discussion, emerging-tech, event): read from its subject tag
-- or guessed when archived, changeable by an administrator (kind_set_by says who).
ALTER TABLE submission
    ADD COLUMN IF NOT EXISTS kind VARCHAR(16) NOT NULL DEFAULT 'discussion',
    ADD COLUMN IF NOT EXISTS kind_set_by VARCHAR(254) NULL;

-- Posts whose index entry must be written again (a changed kind): the indexer takes them.
CREATE TABLE IF NOT EXISTS index_update (
    seq BIGINT NOT NULL PRIMARY KEY,
    requested_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)
) ENGINE=InnoDB;

-- Indicators found in each archived post (subject, text, text of HTML parts), normalised, so that
-- "who else reported this?" is one indexed lookup. Filled when the post is archived; reindex fills
-- in posts archived before this table existed.
CREATE TABLE IF NOT EXISTS indicator (
    seq BIGINT NOT NULL,
    kind VARCHAR(8) NOT NULL,
    value VARCHAR(900) CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (seq, kind, value),
    KEY ix_indicator_value (kind, value(200)),
    CONSTRAINT fk_indicator_submission FOREIGN KEY (seq) REFERENCES submission (seq) ON DELETE CASCADE
) ENGINE=InnoDB;

-- The References header, for threads (In-Reply-To is kept already).
ALTER TABLE submission ADD COLUMN IF NOT EXISTS references_ids TEXT CHARACTER SET ascii NULL;

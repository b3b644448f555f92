-- Issue 29, item 5: the record of who may see a post keeps one row per organisation reached (and
-- way of reaching it), with the representatives it reached there in one column, instead of one row
-- per representative: a post to a list of 850 in 259 organisations wrote 849 rows and three index
-- entries for each in the transaction that shares it, and MariaDB took a third of the machine in
-- the ingest benchmark. Every question Audience answers stays the same: readers are representative
-- ids in ascending order, comma-separated (FIND_IN_SET reads them); the organisation is still the
-- one each reader belonged to when the post was shared.
CREATE TABLE IF NOT EXISTS post_reach (
    seq BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL,
    via VARCHAR(8) NOT NULL,
    readers MEDIUMTEXT CHARACTER SET ascii NOT NULL,
    PRIMARY KEY (seq, list_id, organisation_id, via),
    KEY ix_post_reach_organisation (organisation_id, seq),
    KEY ix_post_reach_organisation_list (organisation_id, list_id, seq),
    CONSTRAINT fk_post_reach_submission FOREIGN KEY (seq) REFERENCES submission (seq)
) ENGINE=InnoDB;

-- The rows kept so far, grouped (only while post_audience is there: run again after a failure, it
-- may be gone already).
SET SESSION group_concat_max_len = 16777216;
SET @copy_rows = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()
        AND table_name = 'post_audience') > 0,
    'INSERT IGNORE INTO post_reach (seq, list_id, organisation_id, via, readers)
     SELECT seq, list_id, organisation_id, via, GROUP_CONCAT(representative_id ORDER BY representative_id SEPARATOR '','')
     FROM post_audience GROUP BY seq, list_id, organisation_id, via',
    'DO 0');
PREPARE copy_rows FROM @copy_rows;
EXECUTE copy_rows;
DEALLOCATE PREPARE copy_rows;

DROP TABLE IF EXISTS post_audience;

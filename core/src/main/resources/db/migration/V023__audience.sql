-- Issue 22: one record of who may see each post. When a post is shared, every representative it
-- reaches (a copy at once, a place in their digest) and its author are recorded with the
-- organisation they belonged to at that moment, in the same transaction as the decision. Mail,
-- digests, TAXII and MISP feeds, watchlist notices and bounce attribution all read these rows and
-- never compute entitlement again: a move, suspension or opt-out later changes nothing of the past.
CREATE TABLE IF NOT EXISTS post_audience (
    seq BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    representative_id BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL,
    via VARCHAR(8) NOT NULL,
    PRIMARY KEY (representative_id, seq, list_id),
    KEY ix_post_audience_post (seq, list_id, via),
    KEY ix_post_audience_organisation (organisation_id, list_id, seq),
    CONSTRAINT fk_post_audience_submission FOREIGN KEY (seq) REFERENCES submission (seq),
    CONSTRAINT fk_post_audience_list FOREIGN KEY (list_id) REFERENCES hub_list (id)
) ENGINE=InnoDB;

-- Digest places recorded before this migration: the organisation is the representative's as of
-- the upgrade (the best that can be known of the past; earlier records did not keep it).
-- (Only while digest_entitlement is there: run again after a failure, it may be gone already.)
SET @copy_places = IF((SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE()
        AND table_name = 'digest_entitlement') > 0,
    'INSERT IGNORE INTO post_audience (seq, list_id, representative_id, organisation_id, via)
     SELECT e.seq, e.list_id, e.representative_id, r.organisation_id, ''digest''
     FROM digest_entitlement e JOIN representative r ON r.id = e.representative_id',
    'DO 0');
PREPARE copy_places FROM @copy_places;
EXECUTE copy_places;
DEALLOCATE PREPARE copy_places;

-- Authors: the organisation recorded with the post when it was archived.
INSERT IGNORE INTO post_audience (seq, list_id, representative_id, organisation_id, via)
SELECT s.seq, s.list_id, s.representative_id, s.organisation_id, 'author'
FROM submission s WHERE s.representative_id IS NOT NULL AND s.organisation_id IS NOT NULL;

DROP TABLE IF EXISTS digest_entitlement;

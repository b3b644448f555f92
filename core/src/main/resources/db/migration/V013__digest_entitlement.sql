-- Digest entitlement decided when a post is shared (issue 14): one row per post and representative
-- who took its list in digest mode then (an active representative of an active organisation that
-- belonged to the list). Digests are built from these rows only, so joining, leaving, suspension
-- and re-activation after a post never change who gets it.
CREATE TABLE IF NOT EXISTS digest_entitlement (
    representative_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    PRIMARY KEY (representative_id, seq, list_id),
    KEY ix_digest_entitlement_seq (seq),
    CONSTRAINT fk_digest_entitlement_representative FOREIGN KEY (representative_id) REFERENCES representative (id),
    CONSTRAINT fk_digest_entitlement_submission FOREIGN KEY (seq) REFERENCES submission (seq)
) ENGINE=InnoDB;

-- Posts shared before this migration and not yet in anyone's digest: entitled as membership is now
-- (the best that can be known of the past), so an upgrade loses no waiting post.
INSERT IGNORE INTO digest_entitlement (representative_id, seq, list_id)
SELECT r.id, s.seq, s.list_id
FROM submission s
JOIN subscription sub ON sub.list_id = s.list_id AND sub.mode = 'digest'
JOIN representative r ON r.id = sub.representative_id
LEFT JOIN digest_cursor c ON c.representative_id = r.id
WHERE s.seq > COALESCE(c.last_seq, 0) AND s.sender <> r.email AND s.received_at >= r.joined_at;

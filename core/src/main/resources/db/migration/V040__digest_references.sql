-- Issue 29, item 5: a digest is kept in the outbox as references to the archived posts it holds
-- (item_refs: one "seq list" line per post, in the digest's order), with its format and language,
-- and built from them as it is handed over: 850 different digests were 850 x 124 KB written to
-- MariaDB, read back, and journalled by the spool before the first left. Rows built before this
-- keep their raw message and are sent as they are.
ALTER TABLE digest_outbox MODIFY raw LONGBLOB NULL;
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS item_refs MEDIUMTEXT NULL;
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS digest_format VARCHAR(8) CHARACTER SET ascii NULL;
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS language VARCHAR(35) CHARACTER SET ascii NULL;

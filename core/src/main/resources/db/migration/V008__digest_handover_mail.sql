-- Which copy of a digest was handed over: the same mail coming round again after a crash (James
-- re-reads its spool) goes on; another copy of the same digest is dropped.
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS handed_over_mail VARCHAR(200) CHARACTER SET ascii NULL;

-- Issue 15: readers whose digests would hold the same posts in the same format get one digest,
-- built and signed once; every address it goes to, newline-separated (NULL: recipient alone).
ALTER TABLE digest_outbox ADD COLUMN IF NOT EXISTS recipients MEDIUMTEXT NULL;

-- Hostile mail (issue 13): before delivery to a member stops for bounces, a probe is sent with a
-- return path of its own, and only its bounce stops delivery. The reference the probe's tagged
-- return path carries, and when it was sent.
ALTER TABLE representative
    ADD COLUMN IF NOT EXISTS bounce_probe_ref VARCHAR(32) NULL,
    ADD COLUMN IF NOT EXISTS bounce_probe_at DATETIME(3) NULL;

-- Submission passwords: wrong ones counted like the console's, the count taken before the hash is
-- checked (so concurrent guesses cannot all be checked), and a lock-out after five in a row.
ALTER TABLE representative
    ADD COLUMN IF NOT EXISTS smtp_failed_attempts INT NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS smtp_locked_until DATETIME(3) NULL;

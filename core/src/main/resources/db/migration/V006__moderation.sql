-- Held posts keep their message until an administrator decides: approved posts go back through
-- the pipeline (marked approved), rejected ones stay refused.
ALTER TABLE vetting_outcome
    ADD COLUMN IF NOT EXISTS raw LONGBLOB NULL,
    ADD COLUMN IF NOT EXISTS envelope_sender VARCHAR(254) NULL,
    ADD COLUMN IF NOT EXISTS decided_by VARCHAR(254) NULL,
    ADD COLUMN IF NOT EXISTS decided_at DATETIME(3) NULL,
    ADD COLUMN IF NOT EXISTS released_at DATETIME(3) NULL;

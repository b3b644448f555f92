-- Held posts keep their message until an administrator decides: approved posts go back through
-- the pipeline (marked approved), rejected ones stay refused.
ALTER TABLE vetting_outcome
    ADD COLUMN raw LONGBLOB NULL,
    ADD COLUMN envelope_sender VARCHAR(254) NULL,
    ADD COLUMN decided_by VARCHAR(254) NULL,
    ADD COLUMN decided_at DATETIME(3) NULL,
    ADD COLUMN released_at DATETIME(3) NULL;

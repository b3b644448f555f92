-- Why and when an organisation was last suspended or reactivated, shown on its console page and
-- beside its representatives.
ALTER TABLE organisation
    ADD COLUMN IF NOT EXISTS status_reason VARCHAR(500) NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS status_changed_at DATETIME(3) NULL;

-- A rejected held post keeps the administrator's reason (issue 14).
ALTER TABLE vetting_outcome ADD COLUMN IF NOT EXISTS decision_reason VARCHAR(1000) NULL;

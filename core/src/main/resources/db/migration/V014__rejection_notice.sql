-- When the sender of a rejected held post was told (or found not to be told: the notice rules
-- allow a notice only to a representative whose address SPF, DKIM or SMTP AUTH confirmed).
ALTER TABLE vetting_outcome ADD COLUMN IF NOT EXISTS rejection_notice_at DATETIME(3) NULL;

-- English and Traditional Chinese (issue 28): each representative's registered Chinese name
-- (name_zh: proposed for redaction, shown beside the English one) and preferred language for the
-- mail the hub sends them ('en' or 'zh-HK'; NULL follows the programme's setting); each list may
-- ask for its footer in both languages.
ALTER TABLE representative ADD COLUMN IF NOT EXISTS name_zh VARCHAR(64) NULL;
ALTER TABLE representative ADD COLUMN IF NOT EXISTS language VARCHAR(8) CHARACTER SET ascii NULL;
ALTER TABLE hub_list ADD COLUMN IF NOT EXISTS bilingual_footer BOOLEAN NOT NULL DEFAULT FALSE;

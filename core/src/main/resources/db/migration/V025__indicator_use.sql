-- Issue 22: each indicator is classified once, at archive time, and the classification is kept:
-- for detection (attacker infrastructure, hashes, CVEs) or context only, with the reason
-- (internal-range, special-use, member-asset, watched-asset, hub-domain, warning-list).
-- An analyst may change the use; who did and when is kept beside it (and in the audit log).
-- Rows archived before this are classified by the Java migration V026.
ALTER TABLE indicator
    ADD COLUMN IF NOT EXISTS use_for VARCHAR(10) CHARACTER SET ascii NOT NULL DEFAULT 'detection',
    ADD COLUMN IF NOT EXISTS reason VARCHAR(16) CHARACTER SET ascii NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS set_by VARCHAR(320) NULL,
    ADD COLUMN IF NOT EXISTS set_at TIMESTAMP(3) NULL;

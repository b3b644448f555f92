-- The same migration as the release that fixed it ships it: every statement guarded, so it runs
-- again from its first one over what the failed run left. UpgradeTest, MigrationsTest.
CREATE TABLE IF NOT EXISTS upgrade_probe (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(200) NOT NULL) ENGINE=InnoDB;
ALTER TABLE upgrade_probe ADD COLUMN IF NOT EXISTS noted_at DATETIME(3) NULL;
INSERT IGNORE INTO upgrade_probe (id, note) SELECT id, name FROM organisation;

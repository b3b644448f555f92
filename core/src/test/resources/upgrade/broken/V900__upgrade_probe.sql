-- A test-only migration of a "next release" that fails at its third statement (a table that is not
-- there): on MariaDB the first two stay done. UpgradeTest, MigrationsTest.
CREATE TABLE IF NOT EXISTS upgrade_probe (id BIGINT NOT NULL PRIMARY KEY, note VARCHAR(200) NOT NULL) ENGINE=InnoDB;
ALTER TABLE upgrade_probe ADD COLUMN IF NOT EXISTS noted_at DATETIME(3) NULL;
INSERT IGNORE INTO upgrade_probe (id, note) SELECT id, name FROM no_such_table;

-- Issue 23: a sign-in link request that cannot be sent is set aside with the reason instead of
-- being tried again every two seconds ahead of every later request.
ALTER TABLE manage_link_request ADD COLUMN IF NOT EXISTS failure VARCHAR(500) NULL;

-- Representatives' addresses are compared byte for byte after the hub's normalisation (lower case,
-- IDNA domains): the accent-blind collation made bob@secondbänk.example find bob@secondbank.example
-- and would refuse to register two addresses that differ only by an accent.
ALTER TABLE representative MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
ALTER TABLE manage_link_request MODIFY email VARCHAR(254) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;

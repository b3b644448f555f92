-- Issue 24: MTA-STS policies (RFC 8461) of members' domains, fetched over HTTPS and kept for their
-- max_age, across restarts: a policy is still enforced when a later fetch fails.
CREATE TABLE IF NOT EXISTS mta_sts_policy (
    domain     VARCHAR(253) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    policy_id  VARCHAR(64) NOT NULL,
    policy     TEXT NOT NULL,
    fetched_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

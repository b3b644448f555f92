-- Issue 24: copies kept back because the receiving server offered no STARTTLS and their label is at
-- or above the TLS floor. One row per recipient domain while copies wait; the list owners are told
-- once per domain (owners_told_at), and the row goes when a copy reaches that server over TLS.
CREATE TABLE IF NOT EXISTS tls_held (
    domain         VARCHAR(253) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    server         VARCHAR(300) NOT NULL,
    first_held_at  DATETIME(3) NOT NULL,
    last_held_at   DATETIME(3) NOT NULL,
    copies         BIGINT NOT NULL,
    owners_told_at DATETIME(3) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

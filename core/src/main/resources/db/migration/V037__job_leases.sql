-- Two hub nodes on one database (issue 29): a background job (digest building, consent requests,
-- sign-in links, held-post releases and rejection notices) runs on one node at a time. A node
-- holds a job's lease until expires_at, renewing it while it runs; when the holder dies, another
-- node takes the lease once it has expired. Times are the database's, so nodes' clocks do not matter.
CREATE TABLE IF NOT EXISTS job_lease (
    name VARCHAR(64) CHARACTER SET ascii NOT NULL PRIMARY KEY,
    holder VARCHAR(128) CHARACTER SET ascii NOT NULL,
    expires_at DATETIME(3) NOT NULL
) ENGINE=InnoDB;

-- Issue 15: one signature per post, recipients batched by domain.
-- Which members get a copy of their own with an RFC 8058 one-click link: those whose mail
-- servers belong to the large mailbox providers ('providers', the default) or everyone ('always').
ALTER TABLE hub_list ADD COLUMN IF NOT EXISTS one_click VARCHAR(16) NOT NULL DEFAULT 'providers';

-- Who the hub sent each post to at once, as a sorted, gzipped list of addresses: a bounce that
-- names a recipient counts for them only when they were sent that post.
CREATE TABLE IF NOT EXISTS post_recipients (
    seq BIGINT NOT NULL,
    list_id BIGINT NOT NULL,
    recipients MEDIUMBLOB NOT NULL,
    PRIMARY KEY (seq, list_id)
) ENGINE=InnoDB;

-- What the hub found of a member domain's mail servers: looked up once a day at most.
CREATE TABLE IF NOT EXISTS mail_domain (
    domain VARCHAR(255) NOT NULL PRIMARY KEY,
    mx VARCHAR(1000) NOT NULL,
    one_click BOOLEAN NOT NULL,
    checked_at TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB;

-- Issue 15: the shared copy of a post links to a page where a representative manages their lists.
-- They ask there for a sign-in link; the mail server sends it to their registered address.
CREATE TABLE IF NOT EXISTS manage_link_request (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    requested_at DATETIME(3) NOT NULL,
    sent_at DATETIME(3) NULL,
    KEY ix_manage_link_request_email (email, requested_at),
    KEY ix_manage_link_request_unsent (sent_at, id)
) ENGINE=InnoDB;

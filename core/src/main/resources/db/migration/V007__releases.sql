-- Public Zone releases: a redacted copy of one archived post, published only when its TLP allows
-- (CLEAR after review; GREEN, AMBER, AMBER+STRICT after the originator's consent; RED never).
CREATE TABLE IF NOT EXISTS public_release (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    seq BIGINT NOT NULL,
    title VARCHAR(300) NOT NULL,
    summary TEXT NOT NULL,
    body MEDIUMTEXT NOT NULL,
    state VARCHAR(16) NOT NULL,
    original_tlp VARCHAR(16) NOT NULL,
    consent_token CHAR(32) CHARACTER SET ascii NULL,
    consent_asked_at DATETIME(3) NULL,
    consent_answered_at DATETIME(3) NULL,
    published_at DATETIME(3) NULL,
    created_by VARCHAR(254) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    updated_at DATETIME(3) NOT NULL,
    UNIQUE KEY uk_public_release_seq (seq),
    UNIQUE KEY uk_public_release_token (consent_token),
    KEY ix_public_release_published (state, published_at),
    CONSTRAINT fk_public_release_submission FOREIGN KEY (seq) REFERENCES submission (seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

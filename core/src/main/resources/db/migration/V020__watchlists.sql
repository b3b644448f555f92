-- Watchlists: what each organisation registered as its own (address ranges, domains, AS numbers,
-- names), and which posts named it: told to the organisation (members), to the administrators
-- (an organisation outside the post's audience), or found for an entry added later (seen-before).
CREATE TABLE IF NOT EXISTS watch_entry (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    organisation_id BIGINT NOT NULL,
    type VARCHAR(8) NOT NULL,
    value VARCHAR(253) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    created_by VARCHAR(254) NOT NULL,
    UNIQUE KEY uk_watch_entry (organisation_id, type, value),
    CONSTRAINT fk_watch_entry_organisation FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE IF NOT EXISTS watch_match (
    entry_id BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    matched VARCHAR(900) NOT NULL,
    told VARCHAR(16) NOT NULL,
    at DATETIME(3) NOT NULL,
    PRIMARY KEY (entry_id, seq),
    KEY ix_watch_match_seq (seq),
    CONSTRAINT fk_watch_match_entry FOREIGN KEY (entry_id) REFERENCES watch_entry (id) ON DELETE CASCADE,
    CONSTRAINT fk_watch_match_submission FOREIGN KEY (seq) REFERENCES submission (seq) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Events (seminars, workshops) announced by a post with an iCalendar invitation: the first VEVENT
-- as read, and the invitation as sent, for download.
CREATE TABLE IF NOT EXISTS hub_event (
    seq BIGINT NOT NULL PRIMARY KEY,
    uid VARCHAR(255) NOT NULL,
    summary VARCHAR(500) NOT NULL,
    location VARCHAR(500) NOT NULL,
    starts_at DATETIME(3) NOT NULL,
    ends_at DATETIME(3) NULL,
    ics MEDIUMBLOB NOT NULL,
    KEY ix_hub_event_starts (starts_at),
    CONSTRAINT fk_hub_event_submission FOREIGN KEY (seq) REFERENCES submission (seq) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

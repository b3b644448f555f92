-- Sightings by reply (issue 27): a representative's "+seen 203.0.113.7", "+fp evil.example" or
-- "+patched CVE-2026-1234", recorded for their organisation against the latest post it received
-- that carried the indicator. One row per organisation, verdict, indicator and reply (a retried
-- reply records nothing twice).
CREATE TABLE IF NOT EXISTS sighting (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at DATETIME(3) NOT NULL,
    verdict VARCHAR(8) NOT NULL,
    indicator_kind VARCHAR(8) NOT NULL,
    indicator_value VARCHAR(900) CHARACTER SET ascii NOT NULL,
    seq BIGINT NOT NULL,
    organisation_id BIGINT NOT NULL,
    representative_id BIGINT NOT NULL,
    message_id VARCHAR(998) CHARACTER SET ascii NOT NULL,
    UNIQUE KEY uk_sighting (organisation_id, verdict, indicator_kind, indicator_value(200), message_id(200)),
    KEY ix_sighting_indicator (indicator_kind, indicator_value(200)),
    CONSTRAINT fk_sighting_submission FOREIGN KEY (seq) REFERENCES submission (seq)
) ENGINE=InnoDB;

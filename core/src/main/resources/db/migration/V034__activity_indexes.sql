-- Post counts and last activity per representative and per organisation (issue 27, item 6): the
-- console's lists sort by them, read through these indexes.
CREATE INDEX IF NOT EXISTS ix_submission_representative ON submission (representative_id, received_at);
CREATE INDEX IF NOT EXISTS ix_submission_organisation ON submission (organisation_id, received_at);

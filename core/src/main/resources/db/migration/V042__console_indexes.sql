-- Issue 29, item 3: at 50,000 representatives the dashboard's member figures and the lists page's
-- counts joined every representative's row to its organisation (about 0.1 s a count on the 2-core
-- machine). Every column those counts read of a representative (whose organisation, their status,
-- whether delivery to them is stopped) is in this one index, so each count reads the index alone.
CREATE INDEX IF NOT EXISTS ix_representative_membership ON representative (organisation_id, status, delivery_disabled_at);

-- The dashboard shows the latest sign-ins (the audit log's entries whose action starts
-- admin.sign-in): with 50,000 representatives registered, the log has as many entries, and that
-- filter read them all twice (0.13 s). Entries by action, then time, are found in this index.
CREATE INDEX IF NOT EXISTS ix_audit_log_action ON audit_log (action, at);

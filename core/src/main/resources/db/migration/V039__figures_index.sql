-- Issue 29, item 3: the dashboard's figures (posts by sector, TLP, month and day, and their count)
-- scanned the whole archive, raw messages and all, five times a page; at 10,000 posts and 50,000
-- representatives the dashboard took 0.4 s. One narrow index holds every column they read, so each
-- is a scan of that index alone.
CREATE INDEX IF NOT EXISTS ix_submission_figures ON submission (received_at, sector, tlp);

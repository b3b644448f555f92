-- Issue 22: a release is one document. For an event, its time, place and link are parts of it,
-- redacted with the rest and agreed to by the originator with the rest; the Public Zone's calendar
-- and .ics read them from here, never from the original invitation. The phrases an administrator
-- took out are kept and taken out of every part.
ALTER TABLE public_release
    ADD COLUMN IF NOT EXISTS event_starts DATETIME(3) NULL,
    ADD COLUMN IF NOT EXISTS event_ends DATETIME(3) NULL,
    ADD COLUMN IF NOT EXISTS event_place VARCHAR(500) NULL,
    ADD COLUMN IF NOT EXISTS event_link VARCHAR(1000) NULL,
    ADD COLUMN IF NOT EXISTS removed TEXT NULL;

-- Releases made before: the event's time is taken over; its place is not (the invitation's place was
-- never redacted), so an administrator who wants one shown writes it again.
UPDATE public_release r JOIN hub_event e ON e.seq = r.seq
    SET r.event_starts = e.starts_at, r.event_ends = e.ends_at, r.event_place = '', r.event_link = ''
    WHERE r.event_starts IS NULL;

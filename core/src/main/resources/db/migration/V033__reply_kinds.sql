-- A reply is a discussion unless its sender tagged it (issue 27): "Re: [ALERT] ..." carries the
-- parent's tag, quoted, and was archived as an alert. Posts archived before this release are
-- put right here, as Kind.classify now decides, where SQL can tell: a subject that opens with a
-- reply prefix (after any [tags]) and has no kind tag of its own before it. An administrator's
-- choice (kind_set_by) and events (an invitation's calendar part is not in the table) stay.
-- The index entries are written again. Both statements can run again and change nothing.
INSERT IGNORE INTO index_update (seq)
SELECT seq FROM submission
WHERE kind_set_by IS NULL AND kind NOT IN ('discussion', 'event')
  AND subject REGEXP '^[[:space:]]*([[][^]]{0,40}[]][[:space:]]*)*(re|aw|sv|antw|回覆|回复|答覆|答复) *[:：]'
  AND NOT subject REGEXP '^[[:space:]]*([[][^]]{0,40}[]][[:space:]]*)*[[](alert|warning|urgent|advisory|advice|bulletin|discussion|views|opinion|question|exchange|emerging[-_ ]tech|emerging|tech|new[-_ ]tech|emerging[-_ ]technology|event|seminar|workshop|webinar)[]]';

UPDATE submission SET kind = 'discussion'
WHERE kind_set_by IS NULL AND kind NOT IN ('discussion', 'event')
  AND subject REGEXP '^[[:space:]]*([[][^]]{0,40}[]][[:space:]]*)*(re|aw|sv|antw|回覆|回复|答覆|答复) *[:：]'
  AND NOT subject REGEXP '^[[:space:]]*([[][^]]{0,40}[]][[:space:]]*)*[[](alert|warning|urgent|advisory|advice|bulletin|discussion|views|opinion|question|exchange|emerging[-_ ]tech|emerging|tech|new[-_ ]tech|emerging[-_ ]technology|event|seminar|workshop|webinar)[]]';

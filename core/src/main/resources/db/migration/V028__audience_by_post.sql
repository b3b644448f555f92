-- Issue 22's audience rows were keyed by representative first: each post's ~850 rows went to ~850
-- places in the clustered index, with two secondary indexes besides, and the ingest benchmark fell
-- from 0.88-0.99 of the bare relay to 0.6. Keyed by post first, a post's rows are appended together
-- at the end of the table; a representative's digest places keep an index of their own. The
-- foreign key to hub_list goes (lists are never deleted; it cost an index of its own per row).
ALTER TABLE post_audience DROP FOREIGN KEY IF EXISTS fk_post_audience_list;
ALTER TABLE post_audience
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (seq, list_id, representative_id),
    DROP KEY IF EXISTS ix_post_audience_post,
    ADD KEY IF NOT EXISTS ix_post_audience_reader (representative_id, seq),
    DROP KEY IF EXISTS fk_post_audience_list;

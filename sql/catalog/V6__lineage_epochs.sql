-- The offset epoch of each file's lineage: a backfill reads a file's offsets again only while the
-- topic's offsets are still in that epoch (a recreated topic holds other records at the same
-- offsets). Before, the epoch came from the run's committed ranges, which a backfill's run has none
-- of. Re-runnable (see V1): rows of load runs get their run's epoch; those of earlier backfills stay
-- NULL (unknown: rebuilt again only while the topic's offsets were never reset).
ALTER TABLE file_source ADD COLUMN IF NOT EXISTS epoch INTEGER;
UPDATE file_source SET epoch = (
    SELECT MAX(r.epoch) FROM committed_range r JOIN data_file f ON f.run_id = r.run_id
    WHERE f.path = file_source.path AND r.topic = file_source.topic AND r.kafka_partition = file_source.kafka_partition)
WHERE epoch IS NULL;

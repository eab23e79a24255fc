-- Backfills: a chosen set of hours rebuilt from Kafka and swapped in by one commit (see V3).
-- Re-runnable from its first statement (see V1).

-- One row per backfill, written in its commit: what it rebuilt, why, who asked, the counts before
-- and after, and what it could not rebuild (offsets Kafka no longer holds, with --allow-partial).
CREATE TABLE IF NOT EXISTS backfill (
    run_id        VARCHAR(64)      NOT NULL PRIMARY KEY,
    job           VARCHAR(200)     NOT NULL,
    hours         VARCHAR(1000000) NOT NULL,
    types         VARCHAR(1000)    NOT NULL,
    reason        VARCHAR(1000)    NOT NULL,
    requested_by  VARCHAR(200)     NOT NULL,
    requested_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    old_records   BIGINT           NOT NULL,
    new_records   BIGINT           NOT NULL,
    not_rebuilt   VARCHAR(1000000)
);
CREATE INDEX IF NOT EXISTS backfill_job ON backfill (job, requested_at);

-- A dead letter whose event a later backfill could decode (a bug fixed): its record is now in a
-- live file of that backfill, so the dead letter no longer counts.
ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS resolved_by_run VARCHAR(64);

-- A replaced file is moved out of its partition folder (to _replaced/<run>/) once the run that
-- replaced it is published; vacuum deletes it after the grace period.
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS moved_out_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS vacuumed_at TIMESTAMP WITH TIME ZONE;

-- Runs of several kinds share one commit: a load adds files and advances offsets; a backfill
-- replaces the files of some hours; a compaction replaces small files by larger ones. A replaced
-- file keeps its row (state 'replaced', who replaced it, when), so lineage and audits stay whole.
--
-- Every commit gives the job a new catalog version. A file is live at version V when it was added
-- at or before V and not replaced at or before V: a report at one version reads the same files
-- however often it runs. Files and runs committed before versions existed count as version 0.
--
-- Re-runnable from its first statement (see V1).

ALTER TABLE load_run ADD COLUMN IF NOT EXISTS kind VARCHAR(16) DEFAULT 'load' NOT NULL;
ALTER TABLE load_run ADD COLUMN IF NOT EXISTS catalog_version BIGINT;

ALTER TABLE data_file ADD COLUMN IF NOT EXISTS added_version BIGINT DEFAULT 0 NOT NULL;
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS replaced_version BIGINT;
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS replaced_by_run VARCHAR(64);
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS replaced_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX IF NOT EXISTS data_file_replaced_by ON data_file (replaced_by_run);
CREATE INDEX IF NOT EXISTS data_file_job_state ON data_file (job, state);

-- The job's current version: incremented inside each commit transaction.
CREATE TABLE IF NOT EXISTS job_version (
    job      VARCHAR(200) NOT NULL PRIMARY KEY,
    version  BIGINT       NOT NULL
);

-- Files that went missing, and the topic each epoch of offsets was read from.
-- Re-runnable from its first statement (see V1).

-- A file the warehouse no longer holds (deleted by hand, a lost disk block) when the loader came to
-- move it: publishing records it here and goes on instead of failing every later command. A live file
-- that is lost is a verify finding until a backfill of its hour rebuilds it; a replaced one is noted.
ALTER TABLE data_file ADD COLUMN IF NOT EXISTS lost_at TIMESTAMP WITH TIME ZONE;

-- Kafka's id of the topic each committed range was read from: offsets of one topic id loaded in two
-- epochs (a reset of a topic that was not recreated) are loaded twice, and verify says so.
ALTER TABLE committed_range ADD COLUMN IF NOT EXISTS topic_id VARCHAR(32);
UPDATE committed_range SET topic_id = (
    SELECT o.topic_id FROM source_offset o
    WHERE o.job = committed_range.job AND o.topic = committed_range.topic AND o.kafka_partition = committed_range.kafka_partition
      AND o.epoch = committed_range.epoch)
WHERE topic_id IS NULL;

-- What an offset reset saw: the topic id the old epoch was loaded from, the one Kafka has now, and
-- whether the operator forced a reset of a topic that was not recreated.
ALTER TABLE offset_reset ADD COLUMN IF NOT EXISTS old_topic_id VARCHAR(32);
ALTER TABLE offset_reset ADD COLUMN IF NOT EXISTS new_topic_id VARCHAR(32);
ALTER TABLE offset_reset ADD COLUMN IF NOT EXISTS forced BOOLEAN DEFAULT FALSE NOT NULL;

-- A run that found nothing to load leaves no run row and no catalog version (cron every few minutes on a
-- quiet topic would bury the real runs); when it last looked is kept here, per job, for status and alerts.
CREATE TABLE IF NOT EXISTS job_check (
    job         VARCHAR(200) NOT NULL PRIMARY KEY,
    checked_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Each `loader schedule` node that fires a job checks in here while it runs, so that `status` shows a
-- next firing only when a scheduler will make it.
CREATE TABLE IF NOT EXISTS scheduler_node (
    job         VARCHAR(200) NOT NULL,
    node        VARCHAR(200) NOT NULL,
    host        VARCHAR(255) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    seen_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (job, node)
);

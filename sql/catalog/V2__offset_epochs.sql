-- Offset epochs: when a topic is deleted and recreated its offsets start again from 0, so
-- offsets of one partition are only comparable within an epoch. `loader reset-offsets` starts a
-- new epoch for a topic's partitions and records why in offset_reset; `verify` audits each epoch.
--
-- Re-runnable (see V1). V1 now creates these columns itself; this script brings a catalog whose
-- V1 ran in its first form (without epochs) to the same shape. The first V2 rebuilt dead_letter and
-- offset_gap under new names to put the epoch into their keys; a catalog it was interrupted in
-- (before it was re-runnable, so before any run could load) is finished here: a table it dropped
-- is created again, a half-built copy is dropped. On such a catalog the two keys stay without the
-- epoch, which only matters once offsets are reset.

ALTER TABLE source_offset ADD COLUMN IF NOT EXISTS epoch INTEGER DEFAULT 0 NOT NULL;
-- Kafka's id of the topic the offsets belong to: a recreated topic has a new id, even when its
-- offsets have already grown past the stored ones.
ALTER TABLE source_offset ADD COLUMN IF NOT EXISTS topic_id VARCHAR(32);
ALTER TABLE committed_range ADD COLUMN IF NOT EXISTS epoch INTEGER DEFAULT 0 NOT NULL;

CREATE TABLE IF NOT EXISTS dead_letter (
    job              VARCHAR(200)  NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INTEGER       NOT NULL,
    epoch            INTEGER       NOT NULL,
    kafka_offset     BIGINT        NOT NULL,
    run_id           VARCHAR(64)   NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    file_path        VARCHAR(2000) NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, epoch, kafka_offset)
);
ALTER TABLE dead_letter ADD COLUMN IF NOT EXISTS epoch INTEGER DEFAULT 0 NOT NULL;
DROP TABLE IF EXISTS dead_letter_v2;
CREATE INDEX IF NOT EXISTS dead_letter_run_v2 ON dead_letter (run_id);

CREATE TABLE IF NOT EXISTS offset_gap (
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    epoch            INTEGER      NOT NULL,
    from_offset      BIGINT       NOT NULL,
    to_offset        BIGINT       NOT NULL,
    run_id           VARCHAR(64)  NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, epoch, from_offset)
);
ALTER TABLE offset_gap ADD COLUMN IF NOT EXISTS epoch INTEGER DEFAULT 0 NOT NULL;
DROP TABLE IF EXISTS offset_gap_v2;

-- Every deliberate move of a job's offsets, with who asked and why.
CREATE TABLE IF NOT EXISTS offset_reset (
    job              VARCHAR(200)  NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INTEGER       NOT NULL,
    epoch            INTEGER       NOT NULL,
    old_next_offset  BIGINT        NOT NULL,
    new_next_offset  BIGINT        NOT NULL,
    reset_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, epoch)
);

-- Offset epochs: when a topic is deleted and recreated its offsets start again from 0, so
-- offsets of one partition are only comparable within an epoch. `loader reset-offsets` starts a
-- new epoch for a topic's partitions and records why in offset_reset; `verify` audits each epoch.

ALTER TABLE source_offset ADD COLUMN epoch INTEGER DEFAULT 0 NOT NULL;
-- Kafka's id of the topic the offsets belong to: a recreated topic has a new id, even when its
-- offsets have already grown past the stored ones.
ALTER TABLE source_offset ADD COLUMN topic_id VARCHAR(32);
ALTER TABLE committed_range ADD COLUMN epoch INTEGER DEFAULT 0 NOT NULL;

-- Rebuilt with the epoch in their keys: the same offset may be rejected, or lost, once per epoch.
CREATE TABLE dead_letter_v2 (
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
INSERT INTO dead_letter_v2 (job, topic, kafka_partition, epoch, kafka_offset, run_id, reason, file_path)
    SELECT job, topic, kafka_partition, 0, kafka_offset, run_id, reason, file_path FROM dead_letter;
DROP TABLE dead_letter;
ALTER TABLE dead_letter_v2 RENAME TO dead_letter;
CREATE INDEX dead_letter_run_v2 ON dead_letter (run_id);

CREATE TABLE offset_gap_v2 (
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    epoch            INTEGER      NOT NULL,
    from_offset      BIGINT       NOT NULL,
    to_offset        BIGINT       NOT NULL,
    run_id           VARCHAR(64)  NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, epoch, from_offset)
);
INSERT INTO offset_gap_v2 (job, topic, kafka_partition, epoch, from_offset, to_offset, run_id)
    SELECT job, topic, kafka_partition, 0, from_offset, to_offset, run_id FROM offset_gap;
DROP TABLE offset_gap;
ALTER TABLE offset_gap_v2 RENAME TO offset_gap;

-- Every deliberate move of a job's offsets, with who asked and why.
CREATE TABLE offset_reset (
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

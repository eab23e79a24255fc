-- Catalog of the activity warehouse loader. Runs on H2 (default) and PostgreSQL:
-- keep to the SQL both understand. Times are TIMESTAMP WITH TIME ZONE, stored as UTC instants.

-- One row per run of a job; status moves running -> committed -> published, or -> aborted/failed.
CREATE TABLE load_run (
    run_id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    job               VARCHAR(200) NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    started_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    committed_at      TIMESTAMP WITH TIME ZONE,
    finished_at       TIMESTAMP WITH TIME ZONE,
    records_read      BIGINT       NOT NULL DEFAULT 0,
    records_written   BIGINT       NOT NULL DEFAULT 0,
    records_rejected  BIGINT       NOT NULL DEFAULT 0,
    unknown_fields    BIGINT       NOT NULL DEFAULT 0,
    files_written     INTEGER      NOT NULL DEFAULT 0,
    bytes_read        BIGINT       NOT NULL DEFAULT 0,
    bytes_written     BIGINT       NOT NULL DEFAULT 0,
    error             VARCHAR(4000)
);
CREATE INDEX load_run_job_status ON load_run (job, status);

-- At most one run per job holds the lease; expired leases may be taken over (compare-and-set).
CREATE TABLE job_lease (
    job         VARCHAR(200) NOT NULL PRIMARY KEY,
    owner_run   VARCHAR(64)  NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Next offset to load per job and topic-partition; advanced only inside the commit transaction.
CREATE TABLE source_offset (
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    next_offset      BIGINT       NOT NULL,
    updated_by_run   VARCHAR(64)  NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition)
);

-- The offset range each committed run drained per topic-partition: [from_offset, to_offset).
-- Ranges of one job and partition must tile the log without holes or overlaps (loader verify).
CREATE TABLE committed_range (
    run_id           VARCHAR(64)  NOT NULL,
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    from_offset      BIGINT       NOT NULL,
    to_offset        BIGINT       NOT NULL,
    records          BIGINT       NOT NULL,
    PRIMARY KEY (run_id, topic, kafka_partition)
);
CREATE INDEX committed_range_partition ON committed_range (job, topic, kafka_partition, from_offset);

-- Manifest of every data file. state: live (readers use it) or replaced (by a backfill).
CREATE TABLE data_file (
    path                VARCHAR(2000) NOT NULL PRIMARY KEY,
    staging_path        VARCHAR(2000) NOT NULL,
    run_id              VARCHAR(64)   NOT NULL,
    job                 VARCHAR(200)  NOT NULL,
    activity_type       VARCHAR(100)  NOT NULL,
    event_date          DATE          NOT NULL,
    event_hour          INTEGER       NOT NULL,
    file_format         VARCHAR(16)   NOT NULL,
    record_count        BIGINT        NOT NULL,
    byte_size           BIGINT        NOT NULL,
    min_event_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    max_event_time      TIMESTAMP WITH TIME ZONE NOT NULL,
    schema_fingerprint  VARCHAR(64)   NOT NULL,
    state               VARCHAR(16)   NOT NULL
);
CREATE INDEX data_file_run ON data_file (run_id);
CREATE INDEX data_file_hour ON data_file (activity_type, event_date, event_hour);

-- Which Kafka offsets each file holds (lineage): first and last offset and how many records.
CREATE TABLE file_source (
    path             VARCHAR(2000) NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INTEGER       NOT NULL,
    first_offset     BIGINT        NOT NULL,
    last_offset      BIGINT        NOT NULL,
    records          BIGINT        NOT NULL,
    PRIMARY KEY (path, topic, kafka_partition)
);

-- Every rejected record, with its reason and the dead-letter file that keeps its bytes.
CREATE TABLE dead_letter (
    job              VARCHAR(200)  NOT NULL,
    topic            VARCHAR(249)  NOT NULL,
    kafka_partition  INTEGER       NOT NULL,
    kafka_offset     BIGINT        NOT NULL,
    run_id           VARCHAR(64)   NOT NULL,
    reason           VARCHAR(1000) NOT NULL,
    file_path        VARCHAR(2000) NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, kafka_offset)
);
CREATE INDEX dead_letter_run ON dead_letter (run_id);

-- Offsets that could not be loaded because Kafka had already deleted them (retention).
CREATE TABLE offset_gap (
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    from_offset      BIGINT       NOT NULL,
    to_offset        BIGINT       NOT NULL,
    run_id           VARCHAR(64)  NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition, from_offset)
);

-- Every schema a data file was written with, by fingerprint.
CREATE TABLE schema_version (
    fingerprint    VARCHAR(64)    NOT NULL PRIMARY KEY,
    activity_type  VARCHAR(100)   NOT NULL,
    schema_json    VARCHAR(1000000) NOT NULL,
    first_run      VARCHAR(64)    NOT NULL
);

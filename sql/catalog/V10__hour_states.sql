-- Which hours are final. Each source partition's watermark: the newest event time it delivered, or the
-- time it was found caught up (nothing waiting in it), whichever is later; only ever grows.
-- Re-runnable from its first statement (see V1).
CREATE TABLE IF NOT EXISTS partition_watermark (
    job              VARCHAR(200) NOT NULL,
    topic            VARCHAR(249) NOT NULL,
    kafka_partition  INTEGER      NOT NULL,
    watermark        TIMESTAMP WITH TIME ZONE NOT NULL,
    catalog_version  BIGINT       NOT NULL,
    PRIMARY KEY (job, topic, kafka_partition)
);

-- Each (activity type, hour) with data: open, complete (every partition of its topics passed the hour's
-- end plus allowed_lateness) or amended (changed after it was complete: late events, a backfill).
CREATE TABLE IF NOT EXISTS hour_state (
    job                VARCHAR(200) NOT NULL,
    activity_type      VARCHAR(100) NOT NULL,
    event_date         DATE         NOT NULL,
    event_hour         INTEGER      NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    opened_version     BIGINT       NOT NULL,
    opened_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    completed_version  BIGINT,
    completed_at       TIMESTAMP WITH TIME ZONE,
    changed_version    BIGINT       NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    amendments         INTEGER      NOT NULL,
    late_records       BIGINT       NOT NULL,
    PRIMARY KEY (job, activity_type, event_date, event_hour),
    CONSTRAINT hour_state_state CHECK (state IN ('open', 'complete', 'amended'))
);
CREATE INDEX IF NOT EXISTS hour_state_open ON hour_state (job, state);

-- Every completion and amendment, at the catalog version that made it: the versioned record of what changed
-- in a closed hour. marker_written_at: when publishing wrote the hour's _SUCCESS for this change.
CREATE TABLE IF NOT EXISTS hour_change (
    job                VARCHAR(200) NOT NULL,
    activity_type      VARCHAR(100) NOT NULL,
    event_date         DATE         NOT NULL,
    event_hour         INTEGER      NOT NULL,
    catalog_version    BIGINT       NOT NULL,
    run_id             VARCHAR(64)  NOT NULL,
    state              VARCHAR(16)  NOT NULL,
    cause              VARCHAR(16)  NOT NULL,
    late_records       BIGINT       NOT NULL,
    changed_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    marker_written_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (job, activity_type, event_date, event_hour, catalog_version),
    CONSTRAINT hour_change_cause CHECK (cause IN ('completed', 'late', 'backfill'))
);
CREATE INDEX IF NOT EXISTS hour_change_run ON hour_change (run_id);

-- Hours loaded before this version start open: the next runs complete them as the watermarks pass.
INSERT INTO hour_state (job, activity_type, event_date, event_hour, state, opened_version, opened_at, changed_version,
                        changed_at, amendments, late_records)
SELECT f.job, f.activity_type, f.event_date, f.event_hour, 'open', COALESCE(MIN(f.added_version), 0), CURRENT_TIMESTAMP,
       COALESCE(MIN(f.added_version), 0), CURRENT_TIMESTAMP, 0, 0
FROM data_file f
WHERE f.state = 'live' AND NOT EXISTS (SELECT 1 FROM hour_state h WHERE h.job = f.job AND h.activity_type = f.activity_type
                                       AND h.event_date = f.event_date AND h.event_hour = f.event_hour)
GROUP BY f.job, f.activity_type, f.event_date, f.event_hour;

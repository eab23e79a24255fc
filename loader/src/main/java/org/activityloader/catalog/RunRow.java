package org.activityloader.catalog;

import java.time.Instant;

/** A row of load_run. */
public record RunRow(String runId, String job, String status, Instant startedAt, Instant committedAt,
                     Instant finishedAt, long recordsRead, long recordsWritten, long recordsRejected,
                     long unknownFields, int filesWritten, long bytesRead, long bytesWritten, String error) {
    public static final String RUNNING = "running";
    public static final String COMMITTED = "committed";
    public static final String PUBLISHED = "published";
    public static final String ABORTED = "aborted";
    public static final String FAILED = "failed";
}

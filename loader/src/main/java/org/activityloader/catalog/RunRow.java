package org.activityloader.catalog;

import java.time.Instant;

/**
 * A row of load_run.
 *
 * @param kind           what the run did: {@code load}, {@code backfill} or {@code compaction}
 * @param catalogVersion the job's catalog version its commit made (null before it committed)
 */
public record RunRow(String runId, String job, String kind, RunState status, Instant startedAt, Instant committedAt,
                     Instant finishedAt, long recordsRead, long recordsWritten, long recordsRejected,
                     long unknownFields, int filesWritten, long bytesRead, long bytesWritten, String error,
                     Long catalogVersion) {
}

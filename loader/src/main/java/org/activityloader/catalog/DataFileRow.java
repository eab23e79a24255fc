package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import org.activityloader.config.OutputFormat;

/**
 * A row of data_file: one file of the manifest.
 *
 * @param fileFormat      stored as its extension ({@code parquet}, {@code avro})
 * @param state           live, or replaced by a later run (a backfill, a compaction)
 * @param addedVersion    the job's catalog version whose commit added the file
 * @param replacedVersion the version whose commit replaced it, null while it is live
 * @param replacedByRun   the run that replaced it, null while it is live
 * @param movedOutAt      when a replaced file was moved out of its partition folder (to {@code _replaced/})
 * @param vacuumedAt      when vacuum deleted a replaced file
 * @param lostAt          when the loader found the file gone from the warehouse (deleted by hand, a lost disk) as it
 *                        came to move it; null while it is where it should be
 */
public record DataFileRow(String path, String stagingPath, String runId, String job, String activityType,
                          LocalDate eventDate, int eventHour, OutputFormat fileFormat, long recordCount, long byteSize,
                          Instant minEventTime, Instant maxEventTime, String schemaFingerprint, FileState state,
                          long addedVersion, Long replacedVersion, String replacedByRun, Instant movedOutAt, Instant vacuumedAt,
                          Instant lostAt) {
}

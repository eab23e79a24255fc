package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;

/** A row of data_file: one file of the manifest. */
public record DataFileRow(String path, String stagingPath, String runId, String job, String activityType,
                          LocalDate eventDate, int eventHour, String fileFormat, long recordCount, long byteSize,
                          Instant minEventTime, Instant maxEventTime, String schemaFingerprint, String state) {
    public static final String LIVE = "live";
}

package org.activityloader.catalog;

/** What a job's committed loads wrote and read, summed over all of them. */
public record LoadTotals(long recordsWritten, long bytesRead, long bytesWritten, long filesWritten) {
}

package org.activityloader.catalog;

/** What a run did, stored with its commit. */
public record RunCounts(long recordsRead, long recordsWritten, long recordsRejected, long unknownFields,
                        int filesWritten, long bytesRead, long bytesWritten) {
}

package org.activityloader.run;

/** What a run did with the records it read: written to files, rejected to dead letters, and the fields it ignored. */
record RecordCounts(long read, long written, long rejected, long unknownFields) {
}

package org.activityloader.catalog;

/** A row of committed_range: offsets {@code [from, to)} of one partition loaded by one run. */
public record CommittedRange(String runId, String topic, int kafkaPartition, long fromOffset, long toOffset,
                             long records) {
}

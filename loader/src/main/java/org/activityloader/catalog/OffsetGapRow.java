package org.activityloader.catalog;

/** A row of offset_gap: offsets {@code [from, to)} Kafka deleted before they were loaded. */
public record OffsetGapRow(String runId, String topic, int kafkaPartition, long fromOffset, long toOffset) {
}

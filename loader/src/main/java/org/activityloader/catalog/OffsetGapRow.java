package org.activityloader.catalog;

/** A row of offset_gap: offsets {@code [from, to)} (in one epoch) Kafka deleted before they were loaded. */
public record OffsetGapRow(String runId, String topic, int kafkaPartition, int epoch, long fromOffset, long toOffset) {
}

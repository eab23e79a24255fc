package org.activityloader.catalog;

/** A row of source_offset. */
public record StoredOffset(String topic, int kafkaPartition, long nextOffset) {
}

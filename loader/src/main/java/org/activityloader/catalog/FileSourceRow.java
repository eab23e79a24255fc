package org.activityloader.catalog;

/** A row of file_source: the offsets of one topic-partition held by one file. */
public record FileSourceRow(String path, String topic, int kafkaPartition, long firstOffset, long lastOffset,
                            long records, Integer epoch) {
}

package org.activityloader.catalog;

import org.apache.kafka.common.TopicPartition;

/**
 * A row of file_source: the offsets of one topic-partition held by one file, read in one offset
 * epoch, and exactly which as runs of offsets ({@code offsetRuns}, see {@code write.OffsetRuns}).
 * Epoch and runs are null when not known (rows written before they were kept).
 */
public record FileSourceRow(String path, String topic, int kafkaPartition, long firstOffset, long lastOffset,
                            long records, Integer epoch, String offsetRuns) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, kafkaPartition);
    }
}

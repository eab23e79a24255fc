package org.activityloader.catalog;

import org.apache.kafka.common.TopicPartition;

/** A row of file_source: the offsets of one topic-partition held by one file, read in one offset epoch (null: not known). */
public record FileSourceRow(String path, String topic, int kafkaPartition, long firstOffset, long lastOffset,
                            long records, Integer epoch) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, kafkaPartition);
    }
}

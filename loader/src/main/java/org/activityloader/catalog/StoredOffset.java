package org.activityloader.catalog;

import org.apache.kafka.common.TopicPartition;

/**
 * A row of source_offset: the next offset to load, within the partition's current epoch, and the
 * Kafka id of the topic it was loaded from (null for rows written before ids were kept).
 */
public record StoredOffset(String topic, int kafkaPartition, long nextOffset, int epoch, String topicId) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, kafkaPartition);
    }
}

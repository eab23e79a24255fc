package org.activityloader.catalog;

import org.apache.kafka.common.TopicPartition;

/** A number of records of one topic-partition, over all runs. */
public record PartitionTotal(String topic, int kafkaPartition, long records) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, kafkaPartition);
    }
}

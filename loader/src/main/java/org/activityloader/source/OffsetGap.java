package org.activityloader.source;

import org.apache.kafka.common.TopicPartition;

/** Offsets {@code [from, to)} that Kafka deleted (retention) before they were loaded. */
public record OffsetGap(TopicPartition topicPartition, long from, long to) {
    public OffsetGap(String topic, int partition, long from, long to) {
        this(new TopicPartition(topic, partition), from, to);
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }
}

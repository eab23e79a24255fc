package org.activityloader.source;

import org.apache.kafka.common.TopicPartition;

/** A topic-partition's log as Kafka has it now: the topic's id, the first and the next offset. */
public record PartitionLog(TopicPartition topicPartition, String topicId, long logStart, long logEnd) {
    public PartitionLog(String topic, int partition, String topicId, long logStart, long logEnd) {
        this(new TopicPartition(topic, partition), topicId, logStart, logEnd);
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }
}

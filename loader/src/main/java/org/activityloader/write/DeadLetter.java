package org.activityloader.write;

import org.apache.kafka.common.TopicPartition;

/** One rejected record: where it came from, why, and the dead-letter file (final path) keeping its bytes. */
public record DeadLetter(String topic, int partition, long offset, String reason, String filePath) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}

package org.activityloader.catalog;

import java.time.Instant;
import org.apache.kafka.common.TopicPartition;

/** How far one source partition of a job has delivered event time (partition_watermark), set by the commit at its version. */
public record WatermarkRow(String job, String topic, int kafkaPartition, Instant watermark, long catalogVersion) {
    public TopicPartition topicPartition() {
        return new TopicPartition(topic, kafkaPartition);
    }
}

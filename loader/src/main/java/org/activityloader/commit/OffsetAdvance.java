package org.activityloader.commit;

import org.apache.kafka.common.TopicPartition;

/**
 * One topic-partition's next offset, moved by a commit from the value its plan read.
 *
 * @param expected the next offset the plan read from the catalog; -1 for a partition never loaded
 * @param next     where the next run continues
 * @param topicId  Kafka's id of the topic the offsets belong to
 */
public record OffsetAdvance(TopicPartition partition, long expected, long next, String topicId) {
    public boolean moves() {
        return expected < 0 ? next > 0 : next != expected;
    }
}

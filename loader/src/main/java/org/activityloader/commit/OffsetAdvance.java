package org.activityloader.commit;

import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * One topic-partition's next offset, moved by a commit from the value its plan read.
 *
 * @param expected the next offset the plan read from the catalog; empty for a partition never loaded
 * @param next     where the next run continues
 * @param topicId  Kafka's id of the topic the offsets belong to
 */
public record OffsetAdvance(TopicPartition partition, OptionalLong expected, long next, String topicId) {
    public boolean moves() {
        return expected.isEmpty() ? next > 0 : next != expected.getAsLong();
    }
}

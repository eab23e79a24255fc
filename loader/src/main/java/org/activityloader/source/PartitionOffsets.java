package org.activityloader.source;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;

/**
 * What is known about one topic-partition when a run plans: its log now, and where the catalog
 * says to continue (empty for a partition never loaded).
 */
public record PartitionOffsets(PartitionLog log, Optional<StoredPosition> stored) {
    public static List<PartitionOffsets> join(List<PartitionLog> logs, Function<TopicPartition, Optional<StoredPosition>> stored) {
        return logs.stream().map(l -> new PartitionOffsets(l, stored.apply(l.topicPartition()))).toList();
    }
}

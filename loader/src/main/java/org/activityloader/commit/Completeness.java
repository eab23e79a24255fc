package org.activityloader.commit;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.partition.HourCompleteness;
import org.apache.kafka.common.TopicPartition;

/**
 * What a load's commit decides the job's hours from: the watermark each partition reached in the run
 * ({@link HourCompleteness#reached}), the partitions each activity type is read from, and the rule.
 */
public record Completeness(HourCompleteness rule, Map<TopicPartition, Instant> reached, Map<String, List<TopicPartition>> sourcesByType) {
    public Completeness {
        reached = Map.copyOf(reached);
        sourcesByType = Map.copyOf(sourcesByType);
    }

    /** The watermarks after the commit: each stored one, or what the run reached where that is later. */
    public Map<TopicPartition, Instant> after(Map<TopicPartition, Instant> stored) {
        Map<TopicPartition, Instant> out = new HashMap<>(stored);
        reached.forEach((tp, w) -> HourCompleteness.later(Optional.ofNullable(stored.get(tp)), Optional.of(w))
                .ifPresent(later -> out.put(tp, later)));
        return out;
    }

    /** Whether the hour is open and every partition of its activity type is past it by these watermarks. */
    public boolean completes(HourRow hour, Map<TopicPartition, Instant> watermarks) {
        List<TopicPartition> sources = sourcesByType.getOrDefault(hour.activityType(), List.of());
        return hour.state() == HourState.OPEN
                && rule.isComplete(hour.key(), sources.stream().map(tp -> Optional.ofNullable(watermarks.get(tp))).toList());
    }
}

package org.activityloader.commit;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.partition.HourCompleteness;
import org.activityloader.partition.PartitionKey;
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

    /**
     * Whether the run moves one of its own partitions past the open hour's close: then it commits even
     * with nothing to load, for when a job's partitions are loaded by several shards, each of which
     * knows only its own are past the hour; the last of them to commit completes it.
     */
    public boolean lifts(HourRow hour, Map<TopicPartition, Instant> stored) {
        Instant closes = rule.closesAt(hour.key());
        return hour.state() == HourState.OPEN && sourcesByType.getOrDefault(hour.activityType(), List.of()).stream()
                .filter(reached::containsKey)
                .anyMatch(tp -> (!stored.containsKey(tp) || stored.get(tp).isBefore(closes)) && !reached.get(tp).isBefore(closes));
    }

    /**
     * Whether the hour is open, every partition of its activity type is past it by these watermarks,
     * and no other run is still publishing into it ({@code publishing}: its {@code _SUCCESS} would
     * count files not in the folder yet; it completes at the next commit after).
     */
    public boolean completes(HourRow hour, Map<TopicPartition, Instant> watermarks, Set<PartitionKey> publishing) {
        List<TopicPartition> sources = sourcesByType.getOrDefault(hour.activityType(), List.of());
        return hour.state() == HourState.OPEN && !publishing.contains(hour.key())
                && rule.isComplete(hour.key(), sources.stream().map(tp -> Optional.ofNullable(watermarks.get(tp))).toList());
    }
}

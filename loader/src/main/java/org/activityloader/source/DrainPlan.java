package org.activityloader.source;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * The ranges one run will drain, and the gaps found while planning.
 *
 * @param expected the next offset the catalog held for each planned partition (empty for a partition
 *                 never loaded): the commit advances an offset only if it is still this value
 * @param topicIds Kafka's id of each planned topic, stored with the offsets the commit advances
 * @param logEnds  each planned partition's end offset when the run planned (its ranges may stop short of it, by the limits)
 */
public record DrainPlan(List<PartitionRange> ranges, List<OffsetGap> gaps, Map<TopicPartition, OptionalLong> expected,
                        Map<String, String> topicIds, Map<TopicPartition, Long> logEnds) {
    public DrainPlan {
        ranges = List.copyOf(ranges);
        gaps = List.copyOf(gaps);
        expected = Map.copyOf(expected);
        topicIds = Map.copyOf(topicIds);
        logEnds = Map.copyOf(logEnds);
    }

    /** Whether a run that consumed this range read everything its partition held when the run planned. */
    public boolean caughtUp(PartitionRange consumed) {
        Long end = logEnds.get(consumed.topicPartition());
        return end != null && consumed.to() >= end;
    }

    public long records() {
        return ranges.stream().mapToLong(PartitionRange::size).sum();
    }

    /** The next offset the catalog held for the partition; empty for one never loaded. */
    public OptionalLong expectedOffset(TopicPartition partition) {
        return expected.getOrDefault(partition, OptionalLong.empty());
    }

    public String topicId(String topic) {
        return topicIds.get(topic);
    }
}

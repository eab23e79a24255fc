package org.activityloader.source;

import java.util.List;

/**
 * The ranges one run will drain, and the gaps found while planning.
 *
 * @param expected the next offset the catalog held for each planned partition (-1 for a partition
 *                 never loaded): the commit advances an offset only if it is still this value
 */
public record DrainPlan(List<PartitionRange> ranges, List<OffsetGap> gaps, java.util.Map<String, Long> expected) {
    public DrainPlan {
        ranges = List.copyOf(ranges);
        gaps = List.copyOf(gaps);
        expected = java.util.Map.copyOf(expected);
    }

    public long records() {
        return ranges.stream().mapToLong(PartitionRange::size).sum();
    }

    public long expectedOffset(String topic, int partition) {
        return expected.getOrDefault(topic + "-" + partition, -1L);
    }
}

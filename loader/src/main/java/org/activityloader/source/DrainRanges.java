package org.activityloader.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * The ranges of a drain's plan as they are read: each partition reads one range at a time, its
 * ranges in offset order, and each range remembers how far it got. Pure: the consumer is moved
 * through {@link Positions}.
 */
final class DrainRanges {
    /** Where the consumer is in a partition, and how a drain moves it. */
    interface Positions {
        long position(TopicPartition tp);

        void seek(TopicPartition tp, long offset);

        void pause(TopicPartition tp);
    }

    private final List<PartitionRange> plan;
    /** Per range of the plan, the offset read up to. */
    private final long[] reached;
    /** Per partition, the ranges after the one being read, in offset order. */
    private final Map<TopicPartition, ArrayDeque<Integer>> pending = new LinkedHashMap<>();
    /** Per partition still reading, the range it reads. */
    private final Map<TopicPartition, Integer> open = new LinkedHashMap<>();

    DrainRanges(List<PartitionRange> plan) {
        this.plan = List.copyOf(plan);
        this.reached = new long[plan.size()];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            reached[i] = plan.get(i).from();
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> plan.get(i).from()));
        for (int i : order) {
            if (!plan.get(i).isEmpty()) {
                pending.computeIfAbsent(plan.get(i).topicPartition(), tp -> new ArrayDeque<>()).add(i);
            }
        }
        pending.forEach((tp, ranges) -> open.put(tp, ranges.poll()));
    }

    /** The partitions with records to read, each with the offset its first range starts at. */
    Map<TopicPartition, Long> starts() {
        Map<TopicPartition, Long> starts = new LinkedHashMap<>();
        open.forEach((tp, i) -> starts.put(tp, plan.get(i).from()));
        return starts;
    }

    /** The range the partition reads now; none once it has read all of its ranges (or had none). */
    Optional<PartitionRange> reading(TopicPartition tp) {
        Integer current = open.get(tp);
        return current == null ? Optional.empty() : Optional.of(plan.get(current));
    }

    /** The partitions still reading, in the plan's offset order. */
    Set<TopicPartition> open() {
        return Collections.unmodifiableSet(open.keySet());
    }

    boolean done() {
        return open.isEmpty();
    }

    /**
     * Moves each range being read up to the consumer's position in its partition. A range read to its
     * end makes way for the partition's next one (the consumer seeks to it), or, the partition's
     * last, pauses the partition. Returns whether any range got further.
     */
    boolean advance(Positions consumer) {
        boolean progressed = false;
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TopicPartition, Integer> e = it.next();
            int current = e.getValue();
            PartitionRange r = plan.get(current);
            long position = Math.min(consumer.position(e.getKey()), r.to());
            if (position > reached[current]) {
                reached[current] = position;
                progressed = true;
            }
            if (position >= r.to()) {
                Integer next = pending.get(e.getKey()).poll();
                if (next == null) {
                    consumer.pause(e.getKey());
                    it.remove();
                } else {
                    e.setValue(next);
                    consumer.seek(e.getKey(), plan.get(next).from());
                }
            }
        }
        return progressed;
    }

    /** The plan's ranges as far as they were read, in the plan's order: each from its planned offset, so nothing between is skipped. */
    List<PartitionRange> consumed() {
        List<PartitionRange> consumed = new ArrayList<>();
        for (int i = 0; i < plan.size(); i++) {
            consumed.add(plan.get(i).withTo(reached[i]));
        }
        return consumed;
    }
}

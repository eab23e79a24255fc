package org.activityloader.run;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.OffsetRuns;
import org.apache.kafka.common.TopicPartition;

/**
 * What a backfill will do, planned from lineage at one catalog version: the hours it rebuilds, the
 * live files it replaces, the offset ranges it reads (those that fed the files, the offsets of dead
 * letters that may belong to the hours, and for hours that were never loaded, Kafka's offsets for
 * their times with the lateness margin), the unresolved dead letters in those ranges, and what it
 * cannot rebuild.
 *
 * @param version      the catalog version the plan read: files added later (a regular run's late events) are not replaced
 * @param hours        the hours rebuilt (without the partial ones, with --allow-partial)
 * @param partialHours hours whose files hold offsets Kafka no longer has
 * @param replacedOffsets per partition, exactly the offsets the replaced files hold (where their lineage says): each
 *                     must go to a new file of the chosen hours, and no other loaded record may (it would be lost, or
 *                     doubled: it is still in another hour's file)
 * @param expected     per partition, the records the replaced files hold: where the offsets are not known exactly, the
 *                     new files must hold as many of them
 * @param fromTimes    hours with no live file, planned from Kafka's offsets for times
 * @param notRebuilt   why, for each offset range the plan cannot read again (retention, a recreated topic)
 * @param epochs       the offset epoch of each partition read (the current one: the commit checks it still is)
 */
public record BackfillPlan(String job, long version, Set<PartitionKey> hours, Set<PartitionKey> partialHours,
                           List<DataFileRow> replaced, List<PartitionRange> ranges, Map<TopicPartition, OffsetRuns> replacedOffsets,
                           Map<TopicPartition, Long> expected,
                           Map<TopicPartition, Set<Long>> deadLetterOffsets, List<DeadLetterRow> deadLetters,
                           List<PartitionKey> fromTimes, List<String> notRebuilt, Map<TopicPartition, Integer> epochs) {
    public BackfillPlan {
        hours = Set.copyOf(hours);
        partialHours = Set.copyOf(partialHours);
        replaced = List.copyOf(replaced);
        ranges = List.copyOf(ranges);
        replacedOffsets = Map.copyOf(replacedOffsets);
        expected = Map.copyOf(expected);
        deadLetterOffsets = Map.copyOf(deadLetterOffsets);
        deadLetters = List.copyOf(deadLetters);
        fromTimes = List.copyOf(fromTimes);
        notRebuilt = List.copyOf(notRebuilt);
        epochs = Map.copyOf(epochs);
    }

    /** The plan with the dead letters found in its ranges: each is decoded again, and resolved if it decodes now. */
    BackfillPlan withDeadLetters(List<DeadLetterRow> found) {
        Map<TopicPartition, Set<Long>> offsets = new HashMap<>();
        found.forEach(d -> offsets.computeIfAbsent(new TopicPartition(d.topic(), d.kafkaPartition()), k -> new HashSet<>())
                .add(d.kafkaOffset()));
        return new BackfillPlan(job, version, hours, partialHours, replaced, ranges, replacedOffsets, expected, offsets, found,
                fromTimes, notRebuilt, epochs);
    }

    public long recordsToRead() {
        return ranges.stream().mapToLong(PartitionRange::size).sum();
    }

    public long oldRecords() {
        return replaced.stream().mapToLong(DataFileRow::recordCount).sum();
    }

    /** Nothing to replace and nothing to read: the hours hold nothing, and Kafka has nothing for them (still recorded, if run). */
    public boolean isEmpty() {
        return replaced.isEmpty() && ranges.isEmpty();
    }
}

package org.activityloader.run;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionRange;
import org.apache.kafka.common.TopicPartition;

/**
 * What a backfill will do, planned from lineage: the hours it rebuilds, the live files it replaces,
 * the offset ranges it reads (those that fed the files, the offsets of the files' runs' dead
 * letters, and for hours that were never loaded, Kafka's offsets for their times with the lateness
 * margin), the unresolved dead letters in those ranges, and what it cannot rebuild.
 *
 * @param fromTimes   hours with no live file, planned from Kafka's offsets for times
 * @param notRebuilt  offsets the plan needs that Kafka no longer holds (retention, a recreated topic)
 * @param epochs      the offset epoch of each partition read (the current one: the commit checks it still is)
 */
public record BackfillPlan(String job, Set<PartitionKey> hours, List<DataFileRow> replaced, List<PartitionRange> ranges,
                           Map<TopicPartition, Set<Long>> deadLetterOffsets, List<DeadLetterRow> deadLetters,
                           List<PartitionKey> fromTimes, List<String> notRebuilt, Map<TopicPartition, Integer> epochs) {
    public BackfillPlan {
        hours = Set.copyOf(hours);
        replaced = List.copyOf(replaced);
        ranges = List.copyOf(ranges);
        deadLetterOffsets = Map.copyOf(deadLetterOffsets);
        deadLetters = List.copyOf(deadLetters);
        fromTimes = List.copyOf(fromTimes);
        notRebuilt = List.copyOf(notRebuilt);
        epochs = Map.copyOf(epochs);
    }

    /** The plan with the dead letters found in its ranges: each is decoded again, and resolved if it decodes now. */
    BackfillPlan withDeadLetters(List<DeadLetterRow> found) {
        Map<TopicPartition, Set<Long>> offsets = new java.util.HashMap<>();
        found.forEach(d -> offsets.computeIfAbsent(new TopicPartition(d.topic(), d.kafkaPartition()), k -> new java.util.HashSet<>())
                .add(d.kafkaOffset()));
        return new BackfillPlan(job, hours, replaced, ranges, offsets, found, fromTimes, notRebuilt, epochs);
    }

    public long recordsToRead() {
        return ranges.stream().mapToLong(PartitionRange::size).sum();
    }

    public long oldRecords() {
        return replaced.stream().mapToLong(DataFileRow::recordCount).sum();
    }
}

package org.activityloader.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionRange;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans a backfill from lineage, exactly: for each chosen hour, the offset ranges that fed its
 * live files ({@code file_source}), plus the offsets of the unresolved dead letters of the runs that
 * wrote them (a fix may make a reject decode, into a chosen hour), plus, for an hour never loaded,
 * the ranges Kafka's offsets for its times give (with the lateness margin). Ranges close together
 * are read as one; nothing is read past the job's committed offsets (later ones belong to regular
 * runs). Offsets the plan needs that Kafka no longer holds, below a partition's log start or from an
 * earlier offset epoch (a recreated topic), are named in {@link BackfillPlan#notRebuilt()}. Pure.
 */
final class BackfillPlanner {
    /** Offsets this close together are read as one range (one seek, a few records read and dropped). */
    static final long MERGE_GAP = 1_000;

    private BackfillPlanner() {
    }

    /**
     * @param files       the live files of the chosen hours
     * @param sources     their lineage
     * @param deadLetters the unresolved dead letters of the runs that wrote them
     * @param ranges      the committed ranges of those runs (for the epoch each offset belongs to)
     * @param fromTimes   for hours without live files: per partition, [from, to) from Kafka's offsets for times
     * @param logs        each partition's log now
     */
    static BackfillPlan plan(String job, Set<PartitionKey> hours, List<DataFileRow> files, List<FileSourceRow> sources,
                             List<DeadLetterRow> deadLetters, List<CommittedRange> ranges, StoredOffsets stored,
                             Map<PartitionKey, Map<TopicPartition, long[]>> fromTimes, Map<TopicPartition, PartitionLog> logs) {
        Map<String, DataFileRow> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        Map<String, Integer> epochOfRunPartition = new HashMap<>();
        ranges.forEach(r -> epochOfRunPartition.put(r.runId() + "/" + r.topic() + "-" + r.kafkaPartition(), r.epoch()));
        Map<TopicPartition, List<long[]>> wanted = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        List<String> notRebuilt = new ArrayList<>();

        for (FileSourceRow s : sources) {
            DataFileRow f = byPath.get(s.path());
            TopicPartition tp = new TopicPartition(s.topic(), s.kafkaPartition());
            // Kept with the lineage; for rows older than that, the run's committed ranges (a load's).
            Integer epoch = s.epoch() != null ? s.epoch() : epochOfRunPartition.get(f.runId() + "/" + tp);
            if (epoch == null && stored.epoch(tp) != 0) {
                notRebuilt.add(tp + " [" + s.firstOffset() + ", " + (s.lastOffset() + 1) + ") of " + hourOf(f)
                        + ": of an unknown offset epoch (a backfill before epochs were kept), and the offsets were reset since");
                continue;
            }
            if (epoch != null && epoch != stored.epoch(tp)) {
                notRebuilt.add(tp + " [" + s.firstOffset() + ", " + (s.lastOffset() + 1) + ") of " + hourOf(f)
                        + ": from offset epoch " + epoch + ", before the topic was recreated");
                continue;
            }
            wanted.computeIfAbsent(tp, k -> new ArrayList<>()).add(new long[] {s.firstOffset(), s.lastOffset() + 1});
        }
        for (DeadLetterRow d : deadLetters) {
            TopicPartition tp = new TopicPartition(d.topic(), d.kafkaPartition());
            if (d.epoch() == stored.epoch(tp)) { // an earlier epoch's reject: its bytes are in its dead-letter file, not in Kafka
                wanted.computeIfAbsent(tp, k -> new ArrayList<>()).add(new long[] {d.kafkaOffset(), d.kafkaOffset() + 1});
            }
        }
        List<PartitionKey> timed = fromTimes.keySet().stream().sorted(Comparator.comparing(PartitionKey::directory)).toList();
        fromTimes.values().forEach(m -> m.forEach((tp, r) -> wanted.computeIfAbsent(tp, k -> new ArrayList<>()).add(r)));

        List<PartitionRange> read = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<long[]>> e : wanted.entrySet()) {
            TopicPartition tp = e.getKey();
            long committed = stored.get(tp).map(o -> o.nextOffset()).orElse(0L);
            PartitionLog log = logs.get(tp);
            long logStart = log == null ? Long.MAX_VALUE : log.logStart();
            for (long[] r : merge(e.getValue())) {
                long from = r[0];
                long to = Math.min(r[1], committed);
                if (from >= to) {
                    continue;
                }
                if (from < logStart) {
                    notRebuilt.add(tp + " [" + from + ", " + Math.min(to, logStart) + "): deleted by Kafka (retention)"
                            + (log == null ? " (the partition is gone)" : ", the log now starts at " + logStart));
                    from = Math.min(to, logStart);
                }
                if (from < to) {
                    read.add(new PartitionRange(tp, from, to));
                }
            }
        }
        List<DataFileRow> replaced = files.stream().sorted(Comparator.comparing(DataFileRow::path)).toList();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        read.forEach(r -> epochs.put(r.topicPartition(), stored.epoch(r.topicPartition())));
        return new BackfillPlan(job, hours, replaced, read, Map.of(), List.of(), timed, notRebuilt, epochs);
    }

    /** Sorted, overlapping or nearly adjacent ([a, b) and [c, d) with c - b <= MERGE_GAP) ranges joined. */
    static List<long[]> merge(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] r : sorted) {
            if (!out.isEmpty() && r[0] - out.get(out.size() - 1)[1] <= MERGE_GAP) {
                long[] last = out.get(out.size() - 1);
                last[1] = Math.max(last[1], r[1]);
            } else {
                out.add(new long[] {r[0], r[1]});
            }
        }
        return out;
    }

    private static String hourOf(DataFileRow f) {
        return new PartitionKey(f.activityType(), f.eventDate(), f.eventHour()).label();
    }
}

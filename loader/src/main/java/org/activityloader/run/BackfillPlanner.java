package org.activityloader.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.OffsetRuns;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans a backfill from lineage, exactly: for each chosen hour, the offset ranges that fed its
 * live files ({@code file_source}: the exact runs of offsets each holds, or for older lineage the
 * span from first to last), plus the offsets of the unresolved dead letters that may belong
 * to it (a fix may make a reject decode, into a chosen hour), plus, for an hour never loaded, the
 * ranges Kafka's offsets for its times give (with the lateness margin). Ranges close together are
 * read as one; nothing is read past the job's committed offsets (later ones belong to regular runs).
 *
 * <p>An hour whose files hold offsets Kafka no longer has (below a partition's log start, or from an
 * earlier offset epoch: a recreated topic) cannot be rebuilt whole: it is named in
 * {@link BackfillPlan#partialHours()} with the reason in {@link BackfillPlan#notRebuilt()}. With
 * {@code allowPartial} such hours are left out of the plan entirely (their files stay live: replacing
 * them would drop the records that cannot be read again). Pure.
 */
final class BackfillPlanner {
    /** Offsets this close together are read as one range (one seek, a few records read and dropped). */
    static final long MERGE_GAP = 1_000;

    private BackfillPlanner() {
    }

    /**
     * @param files       the live files of the chosen hours at the plan's catalog version
     * @param sources     their lineage
     * @param deadLetters unresolved dead letters that may belong to the hours
     * @param fromTimes   for hours without live files: per partition, [from, to) from Kafka's offsets for times
     * @param logs        each partition's log now
     */
    static BackfillPlan plan(String job, long version, Set<PartitionKey> hours, List<DataFileRow> files, List<FileSourceRow> sources,
                             List<DeadLetterRow> deadLetters, StoredOffsets stored,
                             Map<PartitionKey, Map<TopicPartition, long[]>> fromTimes, Map<TopicPartition, PartitionLog> logs,
                             boolean allowPartial) {
        Map<String, DataFileRow> byPath = new HashMap<>();
        files.forEach(f -> byPath.put(f.path(), f));
        List<String> notRebuilt = new ArrayList<>();
        Set<PartitionKey> partial = new LinkedHashSet<>();
        for (FileSourceRow s : sources) {
            DataFileRow f = byPath.get(s.path());
            String problem = unreadable(s, stored, logs.get(s.topicPartition()));
            if (problem != null) {
                PartitionKey hour = hourOf(f);
                partial.add(hour);
                notRebuilt.add(hour.label() + ": " + s.topicPartition() + " [" + s.firstOffset() + ", " + (s.lastOffset() + 1) + ") "
                        + problem);
            }
        }
        Set<PartitionKey> rebuilt = new LinkedHashSet<>(hours);
        if (allowPartial) {
            rebuilt.removeAll(partial);
        }

        Map<TopicPartition, List<long[]>> wanted = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        Map<TopicPartition, Long> expected = new HashMap<>();
        Map<TopicPartition, OffsetRuns> exact = new HashMap<>();
        Set<TopicPartition> inexact = new HashSet<>();
        List<DataFileRow> replaced = files.stream().filter(f -> rebuilt.contains(hourOf(f)))
                .sorted(Comparator.comparing(DataFileRow::path)).toList();
        Set<String> replacedPaths = new HashSet<>(replaced.stream().map(DataFileRow::path).toList());
        for (FileSourceRow s : sources) {
            if (!replacedPaths.contains(s.path())) {
                continue;
            }
            TopicPartition tp = s.topicPartition();
            expected.merge(tp, s.records(), Long::sum);
            List<long[]> ranges = wanted.computeIfAbsent(tp, k -> new ArrayList<>());
            if (s.offsetRuns() == null) { // written before runs were kept, or too many of them: the span, and counts
                inexact.add(tp);
                ranges.add(new long[] {s.firstOffset(), s.lastOffset() + 1});
                continue;
            }
            OffsetRuns runs = OffsetRuns.decode(s.offsetRuns());
            exact.merge(tp, runs, OffsetRuns::union);
            for (int i = 0; i < runs.runs(); i++) {
                ranges.add(new long[] {runs.from(i), runs.to(i)});
            }
        }
        inexact.forEach(exact::remove);
        for (DeadLetterRow d : deadLetters) {
            TopicPartition tp = new TopicPartition(d.topic(), d.kafkaPartition());
            PartitionLog log = logs.get(tp);
            if (d.epoch() != stored.epoch(tp)) {
                continue; // an earlier epoch's reject: its bytes are in its dead-letter file, not in Kafka
            }
            if (log == null || d.kafkaOffset() < log.logStart()) {
                notRebuilt.add("dead letter " + tp + "@" + d.kafkaOffset() + " stays one: deleted by Kafka (retention)");
                continue;
            }
            wanted.computeIfAbsent(tp, k -> new ArrayList<>()).add(new long[] {d.kafkaOffset(), d.kafkaOffset() + 1});
        }
        List<PartitionKey> timed = fromTimes.keySet().stream().filter(rebuilt::contains)
                .sorted(Comparator.comparing(PartitionKey::directory)).toList();
        timed.forEach(h -> fromTimes.get(h).forEach((tp, r) -> wanted.computeIfAbsent(tp, k -> new ArrayList<>()).add(r)));

        List<PartitionRange> read = new ArrayList<>();
        for (Map.Entry<TopicPartition, List<long[]>> e : wanted.entrySet()) {
            TopicPartition tp = e.getKey();
            long committed = stored.get(tp).map(o -> o.nextOffset()).orElse(0L);
            PartitionLog log = logs.get(tp);
            long logStart = log == null ? Long.MAX_VALUE : log.logStart();
            for (long[] r : merge(e.getValue())) {
                // What lies below the log start was named above, with the hour or dead letter it belongs to.
                long from = Math.max(r[0], logStart);
                long to = Math.min(r[1], committed);
                if (from < to) {
                    read.add(new PartitionRange(tp, from, to));
                }
            }
        }
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        read.forEach(r -> epochs.put(r.topicPartition(), stored.epoch(r.topicPartition())));
        // A partition read only for dead letters or time windows: none of its offsets is in a replaced file.
        read.forEach(r -> {
            if (!expected.containsKey(r.topicPartition())) {
                exact.put(r.topicPartition(), OffsetRuns.NONE);
            }
        });
        return new BackfillPlan(job, version, rebuilt, partial, replaced, read, exact, expected, Map.of(), List.of(), timed, notRebuilt,
                epochs);
    }

    /** Why the lineage row's offsets cannot be read again, or null if they can. */
    private static String unreadable(FileSourceRow s, StoredOffsets stored, PartitionLog log) {
        int now = stored.epoch(s.topicPartition());
        if (s.epoch() == null && now != 0) {
            return "is of an unknown offset epoch (a backfill before epochs were kept), and the offsets were reset since";
        }
        if (s.epoch() != null && s.epoch() != now) {
            return "is from offset epoch " + s.epoch() + ", before the offsets were reset (reset-offsets, epoch " + now
                    + " now): what was loaded before a reset is not read again";
        }
        if (log == null) {
            return "is gone: the partition no longer exists";
        }
        if (s.firstOffset() < log.logStart()) {
            return "was deleted by Kafka (retention): the log now starts at " + log.logStart();
        }
        return null;
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

    private static PartitionKey hourOf(DataFileRow f) {
        return new PartitionKey(f.activityType(), f.eventDate(), f.eventHour());
    }
}

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
 * them would drop the records that cannot be read again). Pure; one planner makes one plan.
 */
final class BackfillPlanner {
    /** Offsets this close together are read as one range (one seek, a few records read and dropped). */
    static final long MERGE_GAP = 1_000;

    private final BackfillInputs in;
    /** Why, for each offset range the plan cannot read again. */
    private final List<String> notRebuilt = new ArrayList<>();
    /** Per partition, the ranges to read before they are joined and capped. */
    private final Map<TopicPartition, List<PartitionRange>> wanted = new TreeMap<>(Comparator.comparing(TopicPartition::toString));

    private BackfillPlanner(BackfillInputs in) {
        this.in = in;
    }

    static BackfillPlan plan(BackfillInputs in) {
        return new BackfillPlanner(in).plan();
    }

    private BackfillPlan plan() {
        Set<PartitionKey> partial = partialHours();
        Set<PartitionKey> rebuilt = new LinkedHashSet<>(in.hours());
        if (in.allowPartial()) {
            rebuilt.removeAll(partial);
        }
        List<DataFileRow> replaced = in.files().stream().filter(f -> rebuilt.contains(hourOf(f)))
                .sorted(Comparator.comparing(DataFileRow::path)).toList();
        ReplacedLineage lineage = wantLineageOf(replaced);
        wantDeadLetters();
        List<PartitionKey> timed = wantTimeWindows(rebuilt);
        List<PartitionRange> read = readable();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        Map<TopicPartition, OffsetRuns> exact = new HashMap<>(lineage.exact());
        for (PartitionRange r : read) {
            epochs.put(r.topicPartition(), in.stored().epoch(r.topicPartition()));
            // A partition read only for dead letters or time windows: none of its offsets is in a replaced file.
            if (!lineage.expected().containsKey(r.topicPartition())) {
                exact.put(r.topicPartition(), OffsetRuns.NONE);
            }
        }
        return new BackfillPlan(in.job(), in.version(), rebuilt, partial, replaced, read, exact, lineage.expected(), Map.of(),
                List.of(), timed, notRebuilt, epochs);
    }

    /** Hours with a lineage row whose offsets cannot be read again, each such row named in {@link #notRebuilt}. */
    private Set<PartitionKey> partialHours() {
        Map<String, DataFileRow> byPath = new HashMap<>();
        in.files().forEach(f -> byPath.put(f.path(), f));
        Set<PartitionKey> partial = new LinkedHashSet<>();
        for (FileSourceRow s : in.sources()) {
            String problem = unreadable(s, in.logs().get(s.topicPartition()));
            if (problem != null) {
                PartitionKey hour = hourOf(byPath.get(s.path()));
                partial.add(hour);
                notRebuilt.add(hour.label() + ": " + s.topicPartition() + " [" + s.firstOffset() + ", " + (s.lastOffset() + 1) + ") "
                        + problem);
            }
        }
        return partial;
    }

    /**
     * What the replaced files hold, per partition: their records (the new files must hold as many),
     * and exactly which offsets where every lineage row of the partition keeps its runs. Their ranges
     * are wanted.
     */
    private record ReplacedLineage(Map<TopicPartition, Long> expected, Map<TopicPartition, OffsetRuns> exact) {
    }

    private ReplacedLineage wantLineageOf(List<DataFileRow> replaced) {
        Set<String> paths = new HashSet<>(replaced.stream().map(DataFileRow::path).toList());
        Map<TopicPartition, Long> expected = new HashMap<>();
        Map<TopicPartition, OffsetRuns> exact = new HashMap<>();
        Set<TopicPartition> inexact = new HashSet<>();
        for (FileSourceRow s : in.sources()) {
            if (!paths.contains(s.path())) {
                continue;
            }
            TopicPartition tp = s.topicPartition();
            expected.merge(tp, s.records(), Long::sum);
            if (s.offsetRuns() == null) { // written before runs were kept, or too many of them: the span, and counts
                inexact.add(tp);
                want(new PartitionRange(tp, s.firstOffset(), s.lastOffset() + 1));
                continue;
            }
            OffsetRuns runs = OffsetRuns.decode(s.offsetRuns());
            exact.merge(tp, runs, OffsetRuns::union);
            for (int i = 0; i < runs.runs(); i++) {
                want(new PartitionRange(tp, runs.from(i), runs.to(i)));
            }
        }
        inexact.forEach(exact::remove);
        return new ReplacedLineage(expected, exact);
    }

    /** Each dead letter's offset, where Kafka still holds it in this epoch. */
    private void wantDeadLetters() {
        for (DeadLetterRow d : in.deadLetters()) {
            TopicPartition tp = new TopicPartition(d.topic(), d.kafkaPartition());
            PartitionLog log = in.logs().get(tp);
            if (d.epoch() != in.stored().epoch(tp)) {
                continue; // an earlier epoch's reject: its bytes are in its dead-letter file, not in Kafka
            }
            if (log == null || d.kafkaOffset() < log.logStart()) {
                notRebuilt.add("dead letter " + tp + "@" + d.kafkaOffset() + " stays one: deleted by Kafka (retention)");
                continue;
            }
            want(new PartitionRange(tp, d.kafkaOffset(), d.kafkaOffset() + 1));
        }
    }

    /** The rebuilt hours never loaded, in order: their time windows' ranges are wanted. */
    private List<PartitionKey> wantTimeWindows(Set<PartitionKey> rebuilt) {
        List<PartitionKey> timed = in.fromTimes().keySet().stream().filter(rebuilt::contains)
                .sorted(Comparator.comparing(PartitionKey::directory)).toList();
        timed.forEach(h -> in.fromTimes().get(h).forEach(this::want));
        return timed;
    }

    private void want(PartitionRange range) {
        wanted.computeIfAbsent(range.topicPartition(), k -> new ArrayList<>()).add(range);
    }

    /** The wanted ranges joined, each from the log start (what lies below was named with its hour or dead letter) to the committed offset. */
    private List<PartitionRange> readable() {
        List<PartitionRange> read = new ArrayList<>();
        wanted.forEach((tp, ranges) -> {
            long committed = in.stored().get(tp).map(o -> o.nextOffset()).orElse(0L);
            PartitionLog log = in.logs().get(tp);
            long logStart = log == null ? Long.MAX_VALUE : log.logStart();
            for (PartitionRange r : merge(ranges)) {
                long from = Math.max(r.from(), logStart);
                long to = Math.min(r.to(), committed);
                if (from < to) {
                    read.add(new PartitionRange(tp, from, to));
                }
            }
        });
        return read;
    }

    /** Why the lineage row's offsets cannot be read again, or null if they can. */
    private String unreadable(FileSourceRow s, PartitionLog log) {
        int now = in.stored().epoch(s.topicPartition());
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

    /** One partition's ranges sorted, and those overlapping or nearly adjacent ({@code c - b <= MERGE_GAP} for [a, b), [c, d)) joined. */
    static List<PartitionRange> merge(List<PartitionRange> ranges) {
        List<PartitionRange> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(PartitionRange::from));
        List<PartitionRange> out = new ArrayList<>();
        for (PartitionRange r : sorted) {
            PartitionRange last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && r.from() - last.to() <= MERGE_GAP) {
                out.set(out.size() - 1, last.withTo(Math.max(last.to(), r.to())));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private static PartitionKey hourOf(DataFileRow f) {
        return new PartitionKey(f.activityType(), f.eventDate(), f.eventHour());
    }
}

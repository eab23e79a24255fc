package org.activityloader.commit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.write.SealedFile;
import org.apache.kafka.common.TopicPartition;

/**
 * What one commit says, for every kind of run: these live files are replaced by these new files,
 * these offsets advance from the values the plan read (or none do), this run moves from running to
 * committed. A load replaces nothing and advances offsets; a backfill replaces the files of its
 * hours and advances nothing; a compaction replaces small files by a large one and advances nothing.
 *
 * @param job         the job whose files, offsets and catalog version the commit changes
 * @param kind        load, backfill or compaction (kept in load_run)
 * @param added       the run's sealed files, in staging until published
 * @param replaced    paths of files that must still be live, and are replaced by this commit
 * @param advances    offsets moved by this commit (empty: it moves none)
 * @param ranges      the offsets the run read, per partition (empty for a run that advances none)
 * @param gaps        offsets found lost to retention while planning
 * @param deadLetters records the run rejected
 * @param resolved    dead letters whose events the run could decode this time (now in its files)
 * @param backfill    the record of a backfill, written with its commit
 * @param epochs      the offset epoch of each partition the added files were read from, as the run's plan saw it:
 *                    kept with their lineage, and the commit is refused if the offsets were reset since
 */
public record Commit(String job, String runId, String kind, List<SealedFile> added, List<String> replaced, List<OffsetAdvance> advances,
                     List<CommittedRange> ranges, List<OffsetGapRow> gaps, List<DeadLetterRow> deadLetters, RunCounts counts,
                     List<DeadLetterRow> resolved, Optional<BackfillRow> backfill, Map<TopicPartition, Integer> epochs) {
    public static final String LOAD = "load";
    public static final String BACKFILL = "backfill";
    public static final String COMPACTION = "compaction";

    /** A load: new files, offsets advanced, nothing replaced. */
    public static Commit load(String job, String runId, List<SealedFile> added, List<OffsetAdvance> advances,
                              List<CommittedRange> ranges, List<OffsetGapRow> gaps, List<DeadLetterRow> deadLetters, RunCounts counts) {
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        ranges.forEach(r -> epochs.put(new TopicPartition(r.topic(), r.kafkaPartition()), r.epoch()));
        return new Commit(job, runId, LOAD, added, List.of(), advances, ranges, gaps, deadLetters, counts, List.of(), Optional.empty(),
                epochs);
    }

    /**
     * The lease a run of this kind holds: a load holds the job's; a backfill (or a compaction) one
     * of its own, so that it runs beside the job's loads.
     */
    public static String leaseOf(String job, String kind) {
        return kind.equals(LOAD) ? job : job + "#" + kind;
    }

    public Commit {
        added = List.copyOf(added);
        replaced = List.copyOf(replaced);
        advances = List.copyOf(advances);
        ranges = List.copyOf(ranges);
        gaps = List.copyOf(gaps);
        deadLetters = List.copyOf(deadLetters);
        resolved = List.copyOf(resolved);
        epochs = Map.copyOf(epochs);
    }
}

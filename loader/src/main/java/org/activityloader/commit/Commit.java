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
 * committed. Made by the factory of its kind: {@link #load}, {@link #backfill}, {@link #compaction}.
 *
 * @param job         the job whose files, offsets and catalog version the commit changes
 * @param kind        what the run did (kept in load_run)
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
 * @param completeness what a load decides the job's hours from (empty for the other kinds, which move no watermark)
 */
public record Commit(String job, String runId, RunKind kind, List<SealedFile> added, List<String> replaced,
                     List<OffsetAdvance> advances, List<CommittedRange> ranges, List<OffsetGapRow> gaps,
                     List<DeadLetterRow> deadLetters, RunCounts counts, List<DeadLetterRow> resolved,
                     Optional<BackfillRow> backfill, Map<TopicPartition, Integer> epochs,
                     Optional<Completeness> completeness) {
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

    /** A load: new files and their dead letters, offsets advanced, nothing replaced; each partition's epoch is its range's. */
    public static Commit load(String job, String runId, List<SealedFile> added, List<OffsetAdvance> advances,
                              List<CommittedRange> ranges, List<OffsetGapRow> gaps, List<DeadLetterRow> deadLetters, RunCounts counts) {
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        ranges.forEach(r -> epochs.put(new TopicPartition(r.topic(), r.kafkaPartition()), r.epoch()));
        return new Commit(job, runId, RunKind.LOAD, added, List.of(), advances, ranges, gaps, deadLetters, counts, List.of(),
                Optional.empty(), epochs, Optional.empty());
    }

    /**
     * A backfill (its job and run are the record's): the files of its hours replaced by new ones, the
     * dead letters it could decode resolved, the backfill recorded; no offset moves.
     */
    public static Commit backfill(BackfillRow record, List<SealedFile> added, List<String> replaced, List<DeadLetterRow> resolved,
                                  Map<TopicPartition, Integer> epochs, RunCounts counts) {
        return new Commit(record.job(), record.runId(), RunKind.BACKFILL, added, replaced, List.of(), List.of(), List.of(),
                List.of(), counts, resolved, Optional.of(record), epochs, Optional.empty());
    }

    /** A compaction: small files replaced by large ones holding the same records; no offset moves. */
    public static Commit compaction(String job, String runId, List<SealedFile> added, List<String> replaced,
                                    Map<TopicPartition, Integer> epochs, RunCounts counts) {
        return new Commit(job, runId, RunKind.COMPACTION, added, replaced, List.of(), List.of(), List.of(), List.of(), counts,
                List.of(), Optional.empty(), epochs, Optional.empty());
    }

    /** The same commit, deciding the job's hours from what its run reached. */
    public Commit withCompleteness(Completeness decidedFrom) {
        return new Commit(job, runId, kind, added, replaced, advances, ranges, gaps, deadLetters, counts, resolved, backfill, epochs,
                Optional.of(decidedFrom));
    }
}

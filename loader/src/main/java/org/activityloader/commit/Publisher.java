package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.write.MissingFileException;
import org.activityloader.write.Storage;

/**
 * Step 7 of the commit protocol: moves a committed run's files from staging to their final paths,
 * marks the run published, moves the files it replaced out of the partition folders (to
 * {@code _replaced/<run>/}, kept until {@code vacuum}), writes the {@code _SUCCESS} of the hours it
 * completed or amended ({@link HourMarkers}) and removes its staging folder. Roll-forward
 * only and idempotent: a crash anywhere in here is finished by the next run, never undone. The
 * catalog is read once for all the run's files, and told what moved (or was found lost) in one call
 * once the files have moved: a publish cut short before that finds those moves done and tells it then.
 */
public final class Publisher {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Publisher.class);

    private final Catalog catalog;
    private final Storage storage;
    private final RunLifecycle runs;
    private final Clock clock;
    private final Faults faults;

    public Publisher(Catalog catalog, Storage storage, RunLifecycle runs, Clock clock, Faults faults) {
        this.catalog = catalog;
        this.storage = storage;
        this.runs = runs;
        this.clock = clock;
        this.faults = faults;
    }

    /**
     * New files into their folders, the run marked published (catalog readers switch from the
     * replaced files to the new ones in that one step), then the replaced files out of the folders.
     * Until the run is marked published a failure is a {@link PublishUnfinishedException} (the next
     * run finishes it); after, the run is done, and what could not be tidied is returned as warnings
     * for the next run to finish.
     */
    public List<String> publish(String runId) {
        String job;
        try {
            job = catalog.runs().find(runId).map(RunRow::job).orElseThrow(() -> new IllegalStateException("no run " + runId));
            moveIn(runId);
            runs.published(runId);
        } catch (RuntimeException e) {
            throw new PublishUnfinishedException(runId, e);
        }
        List<String> warnings = new ArrayList<>();
        boolean movedOut = false;
        try {
            // The files this run replaced, and its own if a backfill replaced them before this run was published.
            moveOut(catalog.manifest().replacedNotMovedOut(job));
            movedOut = true;
        } catch (RuntimeException e) {
            warnings.add("run " + runId + " is published, but moving the files it replaced out of their folders did not finish"
                    + " (the next run finishes it): " + e.getMessage());
        }
        if (movedOut) {
            warnings.addAll(writeMarkers(job));
        }
        try {
            faults.at(FaultPoint.AFTER_PUBLISH_BEFORE_CLEANUP);
            runs.removeStaging(runId);
        } catch (RuntimeException e) {
            warnings.add("run " + runId + " is published, but its staging folder was not removed (the next run removes it): "
                    + e.getMessage());
        }
        warnings.forEach(w -> LOG.warn("{}", w));
        return warnings;
    }

    /**
     * The {@code _SUCCESS} of hours published runs of the job changed, once nothing they replaced is
     * left in the folders; what is not written is a warning (the next run's recovery writes it).
     */
    private List<String> writeMarkers(String job) {
        try {
            faults.at(FaultPoint.AFTER_PUBLISH_BEFORE_MARKERS);
            new HourMarkers(catalog, storage, clock).writePending(job);
            return List.of();
        } catch (RuntimeException e) {
            return List.of("the _SUCCESS of some hours of job " + job + " is not written yet (the next run writes it): "
                    + e.getMessage());
        }
    }

    /** The run's files and dead letters from staging to their final paths; a file lost before it got there is noted. */
    private void moveIn(String runId) {
        List<DataFileRow> added = catalog.manifest().ofRun(runId);
        List<String> deadLetterFiles = catalog.deadLetters().filesOfRun(runId);
        Set<String> publishedReplacers = publishedReplacers(added);
        Marks marks = new Marks();
        try {
            boolean first = true;
            for (DataFileRow f : added) {
                if (f.movedOutAt() != null) {
                    continue; // replaced and moved out already (by an earlier try of this publish)
                }
                if (publishedReplacers.contains(f.replacedByRun())) {
                    // A backfill replaced it while this run was committed but not published: not into its folder
                    // (from its folder, if a publish cut short had put it there).
                    // On S3 a publish cut short between its copy and its delete leaves it in both: the staged copy goes.
                    boolean staged = storage.exists(f.stagingPath());
                    if (staged && storage.exists(f.path())) {
                        storage.deleteRecursively(f.stagingPath());
                        staged = false;
                    }
                    moveOut(f, staged ? f.stagingPath() : f.path(), marks);
                    continue;
                }
                if (f.lostAt() != null) {
                    continue;
                }
                try {
                    storage.move(f.stagingPath(), f.path());
                } catch (MissingFileException gone) {
                    // Its staged copy went before it was published (removed by hand): the run is published without it,
                    // and verify reports it until a backfill of its hour rebuilds it. Failing here would fail every later run.
                    lost(f, "its staged file " + f.stagingPath() + " was removed before it was published", marks);
                    continue;
                }
                if (first) {
                    faults.at(FaultPoint.BETWEEN_RENAMES);
                    first = false;
                }
            }
            for (String dl : deadLetterFiles) {
                try {
                    storage.move(FileNames.staged(runId, dl), dl);
                } catch (MissingFileException gone) {
                    LOG.warn("dead-letter file {} of run {} is lost (removed from staging before it was published): the"
                            + " catalog keeps each rejected record's offset and reason, not its bytes", dl, runId);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        marks.write();
    }

    /** The runs that replaced some of the files and are published, in one read. */
    private Set<String> publishedReplacers(List<DataFileRow> files) {
        List<String> replacers = files.stream().map(DataFileRow::replacedByRun).filter(Objects::nonNull).distinct().toList();
        return catalog.runs().statesOf(replacers).entrySet().stream().filter(e -> e.getValue() == RunState.PUBLISHED)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /**
     * Moves replaced files out of the partition folders to {@code _replaced/<replacing run>/},
     * kept there for queries still reading them until {@code vacuum}. Folder readers (Spark, Trino,
     * Hive) see old and new side by side from the moment the new files are in until this is done.
     */
    void moveOut(List<DataFileRow> replaced) {
        Marks marks = new Marks();
        try {
            for (DataFileRow f : replaced) {
                moveOut(f, f.path(), marks);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("moving replaced files out failed (the next run finishes it): " + e.getMessage(), e);
        }
        marks.write();
    }

    /**
     * One replaced file, from where it is now, to {@code _replaced/<replacing run>/}, and noted in the catalog.
     * A file that is in neither place was lost (the very reason for many backfills): noted as such, nothing to move.
     */
    private void moveOut(DataFileRow f, String from, Marks marks) throws IOException {
        try {
            storage.move(from, FileNames.replaced(f.replacedByRun(), f.path()));
        } catch (MissingFileException gone) {
            lost(f, "it was gone from " + from + " when run " + f.replacedByRun() + ", which replaced it, came to move it out", marks);
            return;
        }
        marks.movedOut.add(f.path());
    }

    private void lost(DataFileRow f, String why, Marks marks) {
        LOG.warn("file {} ({} records) is lost: {}{}", f.path(), f.recordCount(), why, f.state() == FileState.LIVE
                ? "; `loader verify` reports it until a backfill of its hour rebuilds it" : "; its records are in the files that replaced it");
        marks.lost.add(f.path());
    }

    /** What the warehouse showed as files moved: told to the manifest in one call each (every mark is safe to make again). */
    private final class Marks {
        private final List<String> movedOut = new ArrayList<>();
        private final List<String> lost = new ArrayList<>();

        void write() {
            catalog.manifest().markMovedOut(movedOut, clock.instant());
            catalog.manifest().markLost(lost, clock.instant());
        }
    }
}

package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunState;
import org.activityloader.config.OneLine;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves runs through their {@link RunState}s in the catalog and says what a refused move means;
 * keeps a run's staging folder in step with its state. (The move to committed happens inside the
 * commit transaction: {@link Committer}.)
 */
public final class RunLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(RunLifecycle.class);

    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public RunLifecycle(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    /** A new run, {@link RunState#RUNNING}. */
    public void start(String runId, String job, RunKind kind) {
        catalog.runs().start(runId, job, kind.value(), clock.instant());
    }

    /** What became of the run's commit: landed, not landed, or unknown if the catalog cannot be asked. */
    public CommitOutcome outcomeOf(String runId) {
        try {
            return catalog.runs().find(runId).map(CommitOutcome::of).orElseGet(CommitOutcome.Unknown::new);
        } catch (RuntimeException e) {
            return new CommitOutcome.Unknown();
        }
    }

    /**
     * The run failed before its commit: marked failed with its error, then its staging removed
     * (marked first: should the removal fail, recovery removes it for a failed run). Best effort:
     * if the catalog is down, the next run's recovery aborts it instead.
     */
    public void fail(String runId, Throwable cause) {
        try {
            if (end(runId, RunState.FAILED, String.valueOf(cause.getMessage()))) {
                removeStaging(runId);
            }
        } catch (RuntimeException e) {
            LOG.warn("cleanup after the failed run {} did not finish (the next run recovers it): {}", runId, e.getMessage());
        }
    }

    /** A run left running by a process that died: aborted, its staging removed. */
    public void abort(String runId, String reason) {
        if (end(runId, RunState.ABORTED, reason)) {
            removeStaging(runId);
        }
    }

    /** Committed → published, once every file is in place. */
    public void published(String runId) {
        if (!catalog.runs().markPublished(runId, clock.instant())) {
            CommitOutcome now = outcomeOf(runId);
            // Published already: a second publisher (recovery) got there first.
            if (!(now instanceof CommitOutcome.Landed landed && landed.runState() == RunState.PUBLISHED)) {
                throw new IllegalStateException("run " + runId + " cannot move from " + now.state() + " to published");
            }
        }
    }

    public void removeStaging(String runId) {
        try {
            storage.deleteRecursively(FileNames.stagingDir(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staging of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Running → failed or aborted. False if it was no longer running (committed meanwhile, or ended
     * by someone else): then nothing of it may be touched.
     */
    private boolean end(String runId, RunState to, String error) {
        String line = OneLine.of(error);
        String message = line.length() <= 4000 ? line : line.substring(0, 3997) + "...";
        return catalog.runs().end(runId, to, clock.instant(), message);
    }
}

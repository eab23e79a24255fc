package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The runs of the catalog's jobs (load_run), and when each job was last looked at (job_check).
 * Every change of a run's state is one of {@link RunState}'s moves, checked with
 * {@link RunState#canMoveTo} before it is asked for, and made only from the state it moves from
 * (compare-and-set): a move answers whether it happened.
 */
public final class Runs {
    private final CatalogCalls calls;

    Runs(CatalogCalls calls) {
        this.calls = calls;
    }

    /** A new run, {@link RunState#RUNNING}; {@code kind} is load, backfill or compaction. */
    public void start(String runId, String job, String kind, Instant at) {
        calls.call(h -> {
            h.attach(RunDao.class).insert(runId, job, kind, RunState.RUNNING, at);
            return null;
        });
    }

    /**
     * Running → committed, with what the run did and the catalog version its commit made: part of the
     * commit's transaction. False if the run was no longer running (aborted by another run's recovery).
     */
    public boolean markCommitted(String runId, Instant at, long version, RunCounts counts) {
        calls.requireTransaction("marking run " + runId + " committed");
        return moved(RunState.RUNNING, RunState.COMMITTED,
                (from, to) -> calls.call(h -> h.attach(RunDao.class).markCommitted(runId, from, to, at, version, counts)));
    }

    /** Committed → published, once every file is in place. False if the run was not committed (published already, say). */
    public boolean markPublished(String runId, Instant at) {
        return moved(RunState.COMMITTED, RunState.PUBLISHED,
                (from, to) -> calls.call(h -> h.attach(RunDao.class).markFinished(runId, from, to, at, null)));
    }

    /**
     * Running → an end short of a commit (failed, with its error; aborted, with why), or false if the run
     * was no longer running (committed meanwhile, or ended by someone else).
     */
    public boolean end(String runId, RunState to, Instant at, String error) {
        if (!to.isFinal()) {
            throw new IllegalArgumentException("a run does not end as " + to);
        }
        return moved(RunState.RUNNING, to, (from, next) -> calls.call(h -> h.attach(RunDao.class).markFinished(runId, from, next, at, error)));
    }

    /** A move's statement, given the states it moves between. */
    @FunctionalInterface
    private interface Move {
        int rows(RunState from, RunState to);
    }

    /** The move, refused unless the state machine allows it; true if the run's row made it (one row, from that state). */
    private static boolean moved(RunState from, RunState to, Move move) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException("a run does not move from " + from + " to " + to);
        }
        return move.rows(from, to) == 1;
    }

    public Optional<RunRow> find(String runId) {
        return calls.call(h -> h.attach(RunDao.class).find(runId));
    }

    /** The states of those of the runs the catalog has, by run id. */
    public Map<String, RunState> statesOf(List<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        return calls.call(h -> h.attach(RunDao.class).withIds(runIds)).stream()
                .collect(Collectors.toMap(RunRow::runId, RunRow::status));
    }

    /** The job's runs in that state, oldest first. */
    public List<RunRow> withStatus(String job, RunState status) {
        return calls.call(h -> h.attach(RunDao.class).withStatus(job, status));
    }

    /** The job's last runs, newest first. */
    public List<RunRow> recent(String job, int limit) {
        return calls.call(h -> h.attach(RunDao.class).recent(job, limit));
    }

    /** When the job's last load started (or a run last found nothing to load), however it ended. */
    public Optional<Instant> lastStarted(String job) {
        return calls.call(h -> h.attach(RunDao.class).lastStarted(job));
    }

    /** When the job's last load was published, or a run last found nothing to load: its last success. */
    public Optional<Instant> lastSuccess(String job) {
        return calls.call(h -> h.attach(RunDao.class).lastSuccess(job));
    }

    /** A run found nothing to load: no run row, but when, for {@link #lastSuccess}. */
    public void noteNothingToLoad(String job, Instant at) {
        calls.call(h -> {
            RunDao runs = h.attach(RunDao.class);
            if (runs.updateChecked(job, at) == 0) {
                UniqueInsert.inserted(() -> runs.insertChecked(job, at)); // or another shard's run did, as good as ours
            }
            return null;
        });
    }

    /** The job's committed loads summed: records written, bytes read and written, files. */
    public LoadTotals loadTotals(String job) {
        return calls.call(h -> h.attach(RunDao.class).loadTotals(job));
    }

    /** The job's loads by how they ended in the catalog: published, committed, failed, aborted, running. */
    public List<NamedCount> loadsByStatus(String job) {
        return calls.call(h -> h.attach(RunDao.class).loadsByStatus(job));
    }
}

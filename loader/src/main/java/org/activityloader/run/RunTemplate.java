package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.activityloader.commit.Commit;
import org.activityloader.commit.JobLease;
import org.activityloader.commit.RunKind;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.FaultPoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol's sequence, the same for every kind of run (the README's Guarantees): 1 take
 * the kind's lease, 2 recover, 3 plan, 4 write and 5 seal (stage), check, 6 commit, 7 publish. A
 * run that fails after its row is started is marked failed, its staging removed, and the error
 * thrown on; a stop request ends it at a safe point before its commit. A kind supplies its plan,
 * what it writes, its checks before the commit and the commit itself; this class owns the rest.
 *
 * @param <S> what the kind reads while it plans and stages
 * @param <P> its plan
 * @param <T> what it counted while it wrote
 * @param <R> what a run of it returns
 */
abstract class RunTemplate<S extends RunInput, P, T, R> {
    private static final Logger LOG = LoggerFactory.getLogger(RunTemplate.class);

    final RunContext ctx;

    RunTemplate(RunContext ctx) {
        this.ctx = ctx;
    }

    abstract RunKind kind();

    /** Step 1: the kind's lease of the job. */
    JobLease lease(String runId) {
        return JobLease.acquire(ctx.catalog(), kind().leaseOf(ctx.spec().name()), runId, ctx.spec().leaseTimeout(), ctx.clock());
    }

    /** Opens what the run reads (after recovery; closed before the commit). */
    abstract S open(StageTimes stages);

    /** Step 3. */
    abstract P plan(Started run, S input);

    /** Whether a run that cannot plan is kept as failed (a row is started for it); if not, it leaves no row. */
    boolean keepsFailedPlans() {
        return false;
    }

    /** A result without a run row when the plan has nothing to do; empty to go on. */
    Optional<R> nothingToDo(Started run, P plan) {
        return Optional.empty();
    }

    /** Step 4: the plan's records into the stack's writer and rejects; returns what it counted. */
    abstract T write(Started run, P plan, S input, WriterStack stack) throws IOException;

    /** After sealing, before the commit: throws if the run must not commit (and writes what the commit needs first). */
    abstract void validate(Started run, P plan, Staged<T> staged);

    abstract Commit commit(Started run, P plan, Staged<T> staged);

    abstract R result(Started run, P plan, Staged<T> staged, Published published);

    /** What a kind does once its files are published that must not fail the run; returns its warnings. */
    List<String> afterPublish(Started run, Commit commit, long version) {
        return List.of();
    }

    /**
     * A step after publishing, whatever it throws a warning: the run is committed and published, and
     * its command must say so (a catalog blip, a client that cannot start, a heap too full to read a line).
     */
    static List<String> guarded(String what, Supplier<List<String>> step) {
        try {
            return step.get();
        } catch (RuntimeException | LinkageError | OutOfMemoryError e) {
            String warning = what + " failed after the run was published (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); the run's data and the catalog are not affected";
            LOG.warn("{}", warning);
            return List.of(warning);
        }
    }

    /** A run's commit, the catalog version it made, and what publishing could not tidy (the next run finishes it). */
    record Published(Commit commit, long version, List<String> warnings) {
        Published {
            warnings = List.copyOf(warnings);
        }
    }

    final R execute() {
        JobSpec spec = ctx.spec();
        Instant at = ctx.clock().instant();
        String runId = RunIds.next(ctx.clock());
        StageTimes stages = new StageTimes();
        try (JobLease lease = stages.time("lease", () -> lease(runId))) {                                             // 1
            List<String> recovered = stages.time("recover", () -> ctx.recovery().recover(spec.name(), runId));       // 2
            Started run = new Started(runId, at, lease, recovered, stages);
            P plan;
            Staged<T> staged;
            try (S input = open(stages)) {
                plan = planned(run, input);                                                                           // 3
                Optional<R> nothing = nothingToDo(run, plan);
                if (nothing.isPresent()) {
                    return nothing.get();
                }
                ctx.runs().start(runId, spec.name(), kind());
                staged = staged(run, plan, input);                                                                    // 4, 5
            }
            lease.checkHeld();
            Commit commit = commit(run, plan, staged);
            long version = stages.time("commit", () -> ctx.committer().commit(lease, commit));                      // 6
            ctx.faults().at(FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH);
            List<String> warnings = new ArrayList<>(stages.time("publish", () -> ctx.publisher().publish(runId)));   // 7
            warnings.addAll(afterPublish(run, commit, version));
            return result(run, plan, staged, new Published(commit, version, warnings));
        }
    }

    private P planned(Started run, S input) {
        try {
            return plan(run, input);
        } catch (RuntimeException e) { // e.g. a load of a recreated topic, or with gaps and on_gap: fail
            if (keepsFailedPlans()) {
                ctx.runs().start(run.runId(), ctx.spec().name(), kind());
                ctx.runs().fail(run.runId(), e);
            }
            throw e;
        }
    }

    /** Staged, sealed and checked; or failed (marked so, staging removed) and thrown. */
    private Staged<T> staged(Started run, P plan, S input) {
        try {
            Staged<T> staged = stage(run, plan, input);
            validate(run, plan, staged);
            ctx.faults().at(FaultPoint.AFTER_SEAL);
            ctx.stopIfRequested(run.runId());
            return staged;
        } catch (IOException | RuntimeException e) {
            ctx.runs().fail(run.runId(), e);
            throw e instanceof IOException io
                    ? new UncheckedIOException(named(run) + " failed writing to the warehouse: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    private Staged<T> stage(Started run, P plan, S input) throws IOException {
        try (WriterStack stack = WriterStack.open(ctx, run.runId())) {
            T tally = write(run, plan, input, stack);                                                                 // 4
            stack.awaitWritten(run.stages());
            run.lease().checkHeld();
            ctx.stopIfRequested(run.runId());
            ctx.faults().at(FaultPoint.AFTER_STAGING_WRITE);
            Staged<T> staged = stack.seal(tally, run.stages());                                                      // 5
            run.lease().checkHeld();
            return staged;
        }
    }

    /** How messages name the run: "run <id>" for a load, "backfill <id>" ... */
    private String named(Started run) {
        return (kind() == RunKind.LOAD ? "run" : kind().value()) + " " + run.runId();
    }
}

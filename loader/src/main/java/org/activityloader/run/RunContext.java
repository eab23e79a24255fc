package org.activityloader.run;

import java.time.Clock;
import java.util.function.BooleanSupplier;
import org.activityloader.catalog.Catalog;
import org.activityloader.commit.Committer;
import org.activityloader.commit.Publisher;
import org.activityloader.commit.Recovery;
import org.activityloader.commit.RunLifecycle;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.write.Storage;

/**
 * What every kind of run works with: the job, its catalog and warehouse, the clock, the faults
 * tests inject, whether it was asked to stop (a signal), and how it shows progress. The protocol's
 * parts are made from it.
 */
public record RunContext(JobSpec spec, Catalog catalog, Storage storage, Clock clock, Faults faults,
                         BooleanSupplier stopRequested, ProgressMode progress, GcWatchdog gc) {
    public RunContext(JobSpec spec, Catalog catalog, Storage storage, Clock clock, Faults faults, BooleanSupplier stopRequested,
                      ProgressMode progress) {
        this(spec, catalog, storage, clock, faults, stopRequested, progress, GcWatchdog.NONE);
    }

    /** The same context, its run also stopping when the watchdog finds the JVM collecting garbage most of the time. */
    RunContext watchedBy(GcWatchdog watchdog) {
        return new RunContext(spec, catalog, storage, clock, faults, stopRequested, progress, watchdog);
    }

    /** A signal to stop (SIGTERM), or a heap that cannot hold the run: the drain ends at its next batch. */
    @Override
    public BooleanSupplier stopRequested() {
        return () -> stopRequested.getAsBoolean() || gc.thrashing();
    }

    public RunLifecycle runs() {
        return new RunLifecycle(catalog, storage, clock);
    }

    public Publisher publisher() {
        return new Publisher(catalog, storage, runs(), clock, faults);
    }

    public Recovery recovery() {
        return new Recovery(catalog, runs(), publisher(), storage, clock, spec.leaseTimeout());
    }

    public Committer committer() {
        return new Committer(catalog, runs(), clock, faults);
    }

    /** Stops a run at a safe point before its commit when a stop was requested, or its heap cannot hold it. */
    void stopIfRequested(String runId) {
        gc.verdict().ifPresent(what -> {
            throw new HeapExhaustedException(runId, what, null);
        });
        if (stopRequested.getAsBoolean()) {
            throw new RunStoppedException("run " + runId + " stopped on request before its commit; nothing of it is"
                    + " committed, the next run loads the same offsets");
        }
    }
}

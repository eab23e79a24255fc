package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 2 of the commit protocol, run while holding a lease of the job: a run still marked running
 * whose lease is gone is dead, so it is aborted and its staging deleted; a committed run whose
 * files are not all published (and whose lease is gone) is published now (roll forward), and files
 * replaced by a published run but still in their folders are moved out, and the {@code _SUCCESS} of
 * hours published runs changed is written where it is not yet; staging folders of this
 * job's finished runs are removed, and those no run claims once untouched for longer than the lease timeout. Runs of other kinds holding their own live lease (a backfill
 * beside a load) are left alone.
 */
public final class Recovery {
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Catalog catalog;
    private final RunLifecycle runs;
    private final Publisher publisher;
    private final Storage storage;
    private final Clock clock;
    private final java.time.Duration leaseTimeout;

    /** @param leaseTimeout the job's: a staging folder no run claims is removed once untouched for longer */
    public Recovery(Catalog catalog, RunLifecycle runs, Publisher publisher, Storage storage, Clock clock,
                    java.time.Duration leaseTimeout) {
        this.catalog = catalog;
        this.runs = runs;
        this.publisher = publisher;
        this.storage = storage;
        this.clock = clock;
        this.leaseTimeout = leaseTimeout;
    }

    /** Returns one line per run it repaired; {@code holder} is whoever holds the lease now. */
    public List<String> recover(String job, String holder) {
        try {
            WarehouseClaim.claim(catalog, storage, clock); // before anything is removed: is the warehouse ours?
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + WarehouseClaim.MARKER + " in the warehouse: " + e.getMessage(), e);
        }
        List<String> actions = new ArrayList<>();
        for (RunRow run : catalog.runs().withStatus(job, RunState.RUNNING)) {
            if (run.runId().equals(holder) || alive(run)) {
                continue;
            }
            runs.abort(run.runId(), "interrupted before its commit; aborted by " + holder);
            actions.add("aborted interrupted run " + run.runId() + " and removed its staging files");
        }
        for (RunRow run : catalog.runs().withStatus(job, RunState.COMMITTED)) {
            if (alive(run)) {
                continue; // publishing itself right now
            }
            publisher.publish(run.runId());
            actions.add("published committed run " + run.runId() + " that had not finished publishing");
        }
        List<DataFileRow> notMovedOut = catalog.manifest().replacedNotMovedOut(job);
        if (!notMovedOut.isEmpty()) {
            publisher.moveOut(notMovedOut);
            actions.add("moved " + notMovedOut.size() + " replaced file(s) out of the partition folders");
        }
        try {
            int markers = new HourMarkers(catalog, storage, clock).writePending(job);
            if (markers > 0) {
                actions.add("wrote the _SUCCESS of " + markers + " hour(s) whose publishing had not written it");
            }
        } catch (RuntimeException e) { // the data is in place: a marker that could not be written waits for the next run
            LOG.warn("recovery: the _SUCCESS of some hours of job {} is not written yet (the next run tries again): {}", job,
                    e.getMessage());
        }
        for (String name : stagingFolders()) {
            Optional<RunRow> run = catalog.runs().find(name);
            // Only this job's finished runs: another job's run may be writing into its staging folder now.
            if (run.isPresent() && run.get().job().equals(job) && !name.equals(holder) && run.get().status().isFinal()) {
                runs.removeStaging(name);
                actions.add("removed leftover staging folder of " + run.get().status() + " run " + name);
            } else if (run.isEmpty() && !name.equals(holder) && untouchedFor(name, leaseTimeout)) {
                // No run row claims it (a run writes its row before its first staged file): nothing will publish it.
                runs.removeStaging(name);
                actions.add("removed staging folder " + name + " that no run of the catalog claims (untouched for more than"
                        + " lease_timeout)");
            }
        }
        actions.forEach(a -> LOG.warn("recovery: {}", a));
        return actions;
    }

    /** Whether nothing under the staging folder was written for the duration (another catalog's run may be writing it). */
    private boolean untouchedFor(String name, java.time.Duration duration) {
        try {
            java.time.Instant before = clock.instant().minus(duration);
            return storage.filesUnder(FileNames.stagingDir(name)).stream().allMatch(f -> f.modified().isBefore(before));
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the run still holds its lease (it is working, in another process perhaps). */
    private boolean alive(RunRow run) {
        // Any lease the run holds: a load of one shard holds the shard's, not the job's.
        return catalog.leases().anyHeldBy(run.runId(), clock.instant());
    }

    private List<String> stagingFolders() {
        try {
            return storage.listNames(FileNames.STAGING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + FileNames.STAGING + ": " + e.getMessage(), e);
        }
    }
}

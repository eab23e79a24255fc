package org.activityloader.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.commit.JobLease;
import org.activityloader.commit.Publisher;
import org.activityloader.commit.Recovery;
import org.activityloader.commit.RunLifecycle;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.run.RunIds;
import org.activityloader.write.Storage;

/**
 * {@code loader verify --repair}: recovery of interrupted runs (as a run does at its start) and
 * removal of files in the final folders that the catalog does not know. It holds the job's lease
 * while it works, so it never runs beside a load of the job and never touches a file in flight:
 * a running job makes it stop at once ({@link org.activityloader.commit.JobBusyException}).
 */
public final class Repair {
    private final JobSpec spec;
    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public Repair(JobSpec spec, Catalog catalog, Storage storage, Clock clock) {
        this.spec = spec;
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    /** Returns one line per action taken. */
    public List<String> repair(List<String> strayFiles) {
        String owner = "repair-" + RunIds.next(clock);
        try (JobLease lease = JobLease.acquire(catalog, spec.name(), owner, spec.leaseTimeout(), clock)) {
            RunLifecycle runs = new RunLifecycle(catalog, storage, clock);
            Recovery recovery = new Recovery(catalog, runs, new Publisher(catalog, storage, runs, clock, Faults.NONE), storage, clock);
            List<String> actions = new ArrayList<>(recovery.recover(spec.name(), owner));
            for (String path : strayFiles) {
                storage.deleteRecursively(path);
                actions.add("removed " + path + " (not in the catalog)");
            }
            return actions;
        } catch (IOException e) {
            throw new UncheckedIOException("repair of job " + spec.name() + " failed: " + e.getMessage(), e);
        }
    }
}

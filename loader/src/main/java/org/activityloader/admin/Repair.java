package org.activityloader.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.audit.MarkerAudit;
import org.activityloader.audit.StrayFiles;
import org.activityloader.catalog.Catalog;
import org.activityloader.commit.HourMarkers;
import org.activityloader.commit.JobLease;
import org.activityloader.source.Shard;
import org.activityloader.commit.Publisher;
import org.activityloader.commit.Recovery;
import org.activityloader.commit.RunLifecycle;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.RunIds;
import org.activityloader.write.StoredFile;
import org.activityloader.write.Storage;

/**
 * {@code loader verify --repair}: recovery of interrupted runs (as a run does at its start) and
 * removal of files in the final folders that the catalog does not know. It works only from what it
 * sees while it holds the job's lease (a running job makes it stop at once: {@link
 * org.activityloader.commit.JobBusyException}): the folders are listed, then the catalog read (see
 * {@link StrayFiles}), and each file is looked up once more just before it goes. A backfill may
 * publish beside it (it holds a lease of its own), so a file written less than the lease timeout
 * ago is left for a later repair, whatever the catalog says now.
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

    /** Returns one line per action taken, or file left alone. */
    public List<String> repair() {
        String owner = "repair-" + RunIds.next(clock);
        try (JobLease lease = JobLease.acquireLoad(catalog, spec.name(), Shard.WHOLE, owner, spec.leaseTimeout(), clock)) {
            RunLifecycle runs = new RunLifecycle(catalog, storage, clock);
            Recovery recovery = new Recovery(catalog, runs, new Publisher(catalog, storage, runs, clock, Faults.NONE), storage, clock,
                    spec.leaseTimeout());
            List<String> actions = new ArrayList<>(recovery.recover(spec.name(), owner));
            Instant youngest = clock.instant().minus(spec.leaseTimeout());
            for (StoredFile f : StrayFiles.find(catalog, storage)) {
                lease.checkHeld();
                if (f.modified().isAfter(youngest)) {
                    actions.add("kept " + f.path() + " (not in the catalog, but written " + age(f.modified()) + " ago, less than"
                            + " lease_timeout " + spec.leaseTimeout().toSeconds() + " s: it may belong to a run in flight; a later"
                            + " repair removes it)");
                } else if (catalog.manifest().knownPaths(List.of(f.path())).isEmpty()) {
                    storage.deleteRecursively(f.path());
                    actions.add("removed " + f.path() + " (not in the catalog)");
                }
            }
            actions.addAll(repairMarkers(lease));
            return actions;
        } catch (IOException e) {
            throw new UncheckedIOException("repair of job " + spec.name() + " failed: " + e.getMessage(), e);
        }
    }

    /** Markers deleted, changed or left behind by hand: written again from the catalog, or removed from an open hour. */
    private List<String> repairMarkers(JobLease lease) throws IOException {
        List<String> actions = new ArrayList<>();
        List<PartitionKey> rewrite = new ArrayList<>();
        for (MarkerAudit.Problem p : new MarkerAudit(catalog, storage, clock).problems(spec.name())) {
            lease.checkHeld();
            if (p.remove()) {
                storage.deleteRecursively(FileNames.successMarker(p.hour()));
                actions.add("removed " + FileNames.successMarker(p.hour()) + " (no marker belongs there: the hour is open or has no data)");
            } else {
                rewrite.add(p.hour());
                actions.add("wrote " + FileNames.successMarker(p.hour()) + " again from the catalog (" + p.finding().kind() + ")");
            }
        }
        new HourMarkers(catalog, storage, clock).rewrite(spec.name(), rewrite);
        return actions;
    }

    private String age(Instant modified) {
        return Math.max(0, Duration.between(modified, clock.instant()).toSeconds()) + " s";
    }
}

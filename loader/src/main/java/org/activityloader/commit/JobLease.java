package org.activityloader.commit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogTransaction;
import org.activityloader.source.Shard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of the commit protocol: a run's hold on its job, as a resource. Taken at start
 * (compare-and-set on job_lease: insert, or take over an expired one), kept by a heartbeat for the
 * whole life of its holder (plan, stage, seal, commit, publish: a slow seal on a busy file system is
 * exactly when it must not lapse), confirmed inside the commit transaction, released on close.
 * Whoever holds it (a run, a repair, an offset reset, a backfill) is the only one changing the job.
 * A holder whose renewal finds the lease taken by another stops at its next safe point
 * ({@link #checkHeld}), with nothing committed.
 */
public final class JobLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);

    private final Catalog catalog;
    private final String job;
    private final String owner;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService heartbeat;
    private volatile Instant renewedAt;
    private volatile String lost;
    private volatile boolean warned;

    private JobLease(Catalog catalog, String job, String owner, Duration timeout, Clock clock, Instant takenAt) {
        this.catalog = catalog;
        this.job = job;
        this.owner = owner;
        this.timeout = timeout;
        this.clock = clock;
        this.renewedAt = takenAt;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lease-" + job);
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(50, timeout.toMillis() / 3);
        heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /** Takes the lease or throws {@link JobBusyException} if a live holder has it. */
    public static JobLease acquire(Catalog catalog, String job, String owner, Duration timeout, Clock clock) {
        Instant now = clock.instant();
        if (!catalog.leases().take(job, owner, now.plus(timeout), now)) {
            throw new JobBusyException(job);
        }
        return new JobLease(catalog, job, owner, timeout, clock, now);
    }

    /**
     * Takes the lease a load of the shard holds ({@link Shard#leaseOf}). The whole job's lease and its
     * shards' exclude each other: each is taken first and the other then looked for, so of two that race
     * at least one sees the other and gives way (both may, and try again later).
     */
    public static JobLease acquireLoad(Catalog catalog, String job, Shard shard, String owner, Duration timeout, Clock clock) {
        JobLease lease = acquire(catalog, shard.leaseOf(job), owner, timeout, clock);
        try {
            Instant now = clock.instant();
            boolean other = shard.whole() ? catalog.leases().anyHeldWithPrefix(Shard.leasePrefixOf(job), now)
                    : catalog.leases().held(job, now);
            if (other) {
                throw JobBusyException.shardsExclude(job, shard.whole());
            }
            return lease;
        } catch (RuntimeException e) {
            lease.close();
            throw e;
        }
    }

    public String job() {
        return job;
    }

    public String owner() {
        return owner;
    }

    /** The heartbeat: renews the lease; a renewal that finds another holder marks the lease lost. */
    private void beat() {
        Instant now = clock.instant();
        try {
            if (!catalog.leases().renew(job, owner, now.plus(timeout))) {
                lost = owner + " lost the lease of job " + job + " (another run took it over after it was not renewed for "
                        + timeout.toSeconds() + " s, lease_timeout)";
                heartbeat.shutdown();
                return;
            }
            renewedAt = now;
            warned = false;
        } catch (RuntimeException e) { // the catalog away for longer than its reconnecting: try again at the next beat
            if (!warned) {
                LOG.warn("could not renew the lease of job {} (renewed last at {}): {}", job, renewedAt, e.getMessage());
                warned = true;
            }
        }
    }

    /**
     * At a safe point: throws if the heartbeat found the lease taken by another holder, so that the
     * holder stops before it changes anything (its commit would be refused anyway).
     */
    public void checkHeld() {
        if (lost != null) {
            throw new CommitConflictException(lost + "; its commit is refused: it stops here, nothing of it is committed, and"
                    + " the run that took the lease goes on");
        }
    }

    /** Whether the heartbeat has not found the lease taken by another holder (as of its last beat). */
    public boolean held() {
        return lost == null;
    }

    /** Inside a transaction (a commit, an offset reset): it is void unless this holder still has the lease. */
    public void confirm(CatalogTransaction transaction) {
        if (!transaction.leases().renew(job, owner, clock.instant().plus(timeout))) {
            throw new CommitConflictException(owner + " no longer holds the lease of job " + job + "; its commit is refused");
        }
    }

    /** Stops the heartbeat and releases the lease; if the catalog cannot be reached, it expires by itself. */
    @Override
    public void close() {
        // No interrupt: one landing mid-write on an H2 file closes the whole database for the process.
        heartbeat.shutdown();
        try {
            heartbeat.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            catalog.leases().release(job, owner);
        } catch (RuntimeException e) {
            LOG.warn("could not release the lease of job {} (it expires by itself in {}): {}", job, timeout, e.getMessage());
        }
    }
}

package org.activityloader.commit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.LeaseDao;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of the commit protocol: a run's hold on its job, as a resource. Taken at start
 * (compare-and-set on job_lease: insert, or take over an expired one), renewed while the run works,
 * confirmed inside the commit transaction, released on close. Whoever holds it (a run, a repair,
 * an offset reset, a backfill) is the only one changing the job.
 */
public final class JobLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobLease.class);
    private static final String UNIQUE_VIOLATION = "23505";

    private final Catalog catalog;
    private final String job;
    private final String owner;
    private final Duration timeout;
    private final Clock clock;
    private Instant renewedAt;

    private JobLease(Catalog catalog, String job, String owner, Duration timeout, Clock clock, Instant takenAt) {
        this.catalog = catalog;
        this.job = job;
        this.owner = owner;
        this.timeout = timeout;
        this.clock = clock;
        this.renewedAt = takenAt;
    }

    /** Takes the lease or throws {@link JobBusyException} if a live holder has it. */
    public static JobLease acquire(Catalog catalog, String job, String owner, Duration timeout, Clock clock) {
        Instant now = clock.instant();
        int taken = catalog.withDao(LeaseDao.class, d -> d.takeExpired(job, owner, now.plus(timeout), now));
        if (taken == 0) {
            try {
                catalog.withDao(LeaseDao.class, d -> {
                    d.insert(job, owner, now.plus(timeout));
                    return null;
                });
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw new JobBusyException(job);
                }
                throw e;
            }
        }
        return new JobLease(catalog, job, owner, timeout, clock, now);
    }

    public String job() {
        return job;
    }

    public String owner() {
        return owner;
    }

    /** Renews once a third of the timeout has passed; throws if another holder took the lease over. */
    public void renewIfDue() {
        Instant now = clock.instant();
        if (Duration.between(renewedAt, now).compareTo(timeout.dividedBy(3)) >= 0) {
            if (catalog.withDao(LeaseDao.class, d -> d.renew(job, owner, now.plus(timeout))) != 1) {
                throw new CommitConflictException(owner + " lost the lease of job " + job
                        + " (it expired and another run took it); stopping without committing");
            }
            renewedAt = now;
        }
    }

    /** Inside a transaction (a commit, an offset reset): it is void unless this holder still has the lease. */
    public void confirm(Handle transaction) {
        if (transaction.attach(LeaseDao.class).renew(job, owner, clock.instant().plus(timeout)) != 1) {
            throw new CommitConflictException(owner + " no longer holds the lease of job " + job + "; its commit is refused");
        }
    }

    /** Releases the lease; if the catalog cannot be reached, it expires by itself. */
    @Override
    public void close() {
        try {
            catalog.withDao(LeaseDao.class, d -> d.release(job, owner));
        } catch (RuntimeException e) {
            LOG.warn("could not release the lease of job {} (it expires by itself in {}): {}", job, timeout, e.getMessage());
        }
    }
}

package org.activityloader.commit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.LeaseDao;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** A run's hold on its job: taken at start, renewed while it works, released at the end. */
final class JobLease {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Catalog catalog;
    private final String job;
    private final String runId;
    private final Duration timeout;
    private final Clock clock;
    private Instant renewedAt;

    private JobLease(Catalog catalog, String job, String runId, Duration timeout, Clock clock) {
        this.catalog = catalog;
        this.job = job;
        this.runId = runId;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Takes the lease or throws {@link JobBusyException} if a live run holds it. */
    static JobLease acquire(Catalog catalog, String job, String runId, Duration timeout, Clock clock) {
        JobLease lease = new JobLease(catalog, job, runId, timeout, clock);
        Instant now = clock.instant();
        int taken = catalog.withDao(LeaseDao.class, d -> d.takeExpired(job, runId, now.plus(timeout), now));
        if (taken == 0) {
            try {
                catalog.withDao(LeaseDao.class, d -> {
                    d.insert(job, runId, now.plus(timeout));
                    return null;
                });
            } catch (UnableToExecuteStatementException e) {
                if (e.getCause() instanceof java.sql.SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    throw new JobBusyException(job);
                }
                throw e;
            }
        }
        lease.renewedAt = now;
        return lease;
    }

    /** Renews once a third of the timeout has passed; throws if another run took the lease over. */
    void renewIfDue() {
        if (Duration.between(renewedAt, clock.instant()).compareTo(timeout.dividedBy(3)) >= 0) {
            Instant now = clock.instant();
            if (catalog.withDao(LeaseDao.class, d -> d.renew(job, runId, now.plus(timeout))) != 1) {
                throw new CommitConflictException("run " + runId + " lost the lease of job " + job
                        + " (it expired and another run took it); stopping without committing");
            }
            renewedAt = now;
        }
    }

    /** The renewal inside the commit transaction: the commit is void unless this run still holds the lease. */
    void confirm(LeaseDao dao) {
        if (dao.renew(job, runId, clock.instant().plus(timeout)) != 1) {
            throw new CommitConflictException("run " + runId + " no longer holds the lease of job " + job
                    + "; its commit is refused");
        }
    }

    void release() {
        catalog.withDao(LeaseDao.class, d -> d.release(job, runId));
    }
}

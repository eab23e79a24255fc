package org.activityloader.catalog;

import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * job_version: a number per job that grows by one with every commit of the job. Incremented inside
 * the commit transaction, it also orders concurrent commits of one job (a load and a backfill): the
 * row lock makes the second wait for the first.
 */
public interface JobVersionDao {
    @SqlUpdate("UPDATE job_version SET version = version + 1 WHERE job = :job")
    int increment(@Bind("job") String job);

    /** The first commit of a job; a concurrent first commit fails on the primary key (and retries nothing). */
    @SqlUpdate("INSERT INTO job_version (job, version) VALUES (:job, 1)")
    void insertFirst(@Bind("job") String job);

    @SqlQuery("SELECT version FROM job_version WHERE job = :job")
    Optional<Long> current(@Bind("job") String job);

    /** The version this transaction's commit makes. */
    default long next(String job) {
        if (increment(job) == 0) {
            insertFirst(job);
        }
        return current(job).orElseThrow();
    }
}

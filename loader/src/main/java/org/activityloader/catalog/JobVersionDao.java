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
interface JobVersionDao {
    @SqlUpdate("UPDATE job_version SET version = version + 1 WHERE job = :job")
    int increment(@Bind("job") String job);

    @SqlUpdate("INSERT INTO job_version (job, version) SELECT :job, 0 WHERE NOT EXISTS (SELECT 1 FROM job_version WHERE job = :job)")
    void insertZero(@Bind("job") String job);

    /**
     * The job's row, at version 0 if it had none, made before a commit's transaction: inside it, two
     * first commits at once (a load and a backfill) would both insert it, and one would fail.
     */
    default void ensureRow(String job) {
        UniqueInsert.inserted(() -> insertZero(job)); // or the other first commit made it meanwhile
    }

    @SqlQuery("SELECT version FROM job_version WHERE job = :job")
    Optional<Long> current(@Bind("job") String job);

    /** The version this transaction's commit makes (the row exists: {@link #ensureRow}). */
    default long next(String job) {
        if (increment(job) != 1) {
            throw new IllegalStateException("job " + job + " has no job_version row to count its commits");
        }
        return current(job).orElseThrow();
    }
}

package org.activityloader.catalog;

import java.time.Instant;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The per-job lease that keeps two runs of one job apart. Every change is a compare-and-set. */
interface LeaseDao {
    @SqlUpdate("INSERT INTO job_lease (job, owner_run, expires_at) VALUES (:job, :owner, :expires)")
    void insert(@Bind("job") String job, @Bind("owner") String owner, @Bind("expires") Instant expires);

    /** Takes over a lease that has expired; 1 row if taken, 0 if another run still holds it. */
    @SqlUpdate("UPDATE job_lease SET owner_run = :owner, expires_at = :expires WHERE job = :job AND expires_at < :now")
    int takeExpired(@Bind("job") String job, @Bind("owner") String owner, @Bind("expires") Instant expires,
                    @Bind("now") Instant now);

    /** Extends the lease; 0 rows means this run lost it and must not commit. */
    @SqlUpdate("UPDATE job_lease SET expires_at = :expires WHERE job = :job AND owner_run = :owner")
    int renew(@Bind("job") String job, @Bind("owner") String owner, @Bind("expires") Instant expires);

    /** Whether the lease is held by that owner and has not expired: is that run alive? */
    @SqlQuery("SELECT COUNT(*) FROM job_lease WHERE job = :job AND owner_run = :owner AND expires_at >= :now")
    int heldBy(@Bind("job") String job, @Bind("owner") String owner, @Bind("now") Instant now);

    /** Whether anyone holds the lease and it has not expired. */
    @SqlQuery("SELECT COUNT(*) FROM job_lease WHERE job = :job AND expires_at >= :now")
    int held(@Bind("job") String job, @Bind("now") Instant now);

    /** Live leases whose name starts with the prefix (every shard lease of a job: {@code <job>#shard-}). */
    @SqlQuery("SELECT COUNT(*) FROM job_lease WHERE LEFT(job, :length) = :prefix AND expires_at >= :now")
    int liveWithPrefix(@Bind("prefix") String prefix, @Bind("length") int length, @Bind("now") Instant now);

    /** Leases (of any job) held by this owner, a run, and not expired. */
    @SqlQuery("SELECT COUNT(*) FROM job_lease WHERE owner_run = :owner AND expires_at >= :now")
    int liveFor(@Bind("owner") String owner, @Bind("now") Instant now);

    @SqlUpdate("DELETE FROM job_lease WHERE job = :job AND owner_run = :owner")
    int release(@Bind("job") String job, @Bind("owner") String owner);
}

package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The record of every backfill, written inside its commit. */
@RegisterConstructorMapper(BackfillRow.class)
interface BackfillDao {
    @SqlUpdate("INSERT INTO backfill (run_id, job, hours, types, reason, requested_by, requested_at, old_records, new_records,"
            + " not_rebuilt) VALUES (:runId, :job, :hours, :types, :reason, :requestedBy, :requestedAt, :oldRecords, :newRecords,"
            + " :notRebuilt)")
    void insert(@BindMethods BackfillRow row);

    /** Committed backfills of the job, newest first. */
    @SqlQuery("SELECT b.* FROM backfill b JOIN load_run r ON r.run_id = b.run_id WHERE b.job = :job"
            + " AND r.status IN ('committed', 'published') ORDER BY b.requested_at DESC")
    List<BackfillRow> ofJob(@Bind("job") String job);
}

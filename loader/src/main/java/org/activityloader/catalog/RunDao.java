package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * load_run: every run and its {@link RunState}. Each update changes the state only from the one it
 * expects (compare-and-set), to the one {@link Runs} checked it may move to: the number of rows says
 * whether it did.
 */
@RegisterConstructorMapper(RunRow.class)
interface RunDao {
    @SqlUpdate("INSERT INTO load_run (run_id, job, kind, status, started_at) VALUES (:runId, :job, :kind, :status, :startedAt)")
    void insert(@Bind("runId") String runId, @Bind("job") String job, @Bind("kind") String kind, @Bind("status") RunState status,
                @Bind("startedAt") Instant startedAt);

    /** The move to committed, with what the run did and the catalog version its commit made. */
    @SqlUpdate("UPDATE load_run SET status = :to, committed_at = :committedAt, catalog_version = :version,"
            + " records_read = :c.recordsRead, records_written = :c.recordsWritten, records_rejected = :c.recordsRejected,"
            + " unknown_fields = :c.unknownFields, files_written = :c.filesWritten, bytes_read = :c.bytesRead,"
            + " bytes_written = :c.bytesWritten WHERE run_id = :runId AND status = :from")
    int markCommitted(@Bind("runId") String runId, @Bind("from") RunState from, @Bind("to") RunState to,
                      @Bind("committedAt") Instant committedAt, @Bind("version") long version, @BindMethods("c") RunCounts counts);

    /** The move to an end (published, aborted, failed), with the error of a failed run. */
    @SqlUpdate("UPDATE load_run SET status = :to, finished_at = :at, error = :error WHERE run_id = :runId AND status = :from")
    int markFinished(@Bind("runId") String runId, @Bind("from") RunState from, @Bind("to") RunState to, @Bind("at") Instant at,
                     @Bind("error") String error);

    @SqlQuery("SELECT * FROM load_run WHERE job = :job AND status = :status ORDER BY started_at")
    List<RunRow> withStatus(@Bind("job") String job, @Bind("status") RunState status);

    @SqlQuery("SELECT * FROM load_run WHERE run_id = :runId")
    Optional<RunRow> find(@Bind("runId") String runId);

    /** The rows of the runs, a chunk of ids per query. */
    default List<RunRow> withIds(List<String> runIds) {
        return InChunks.query(runIds, this::withSomeIds);
    }

    @SqlQuery("SELECT * FROM load_run WHERE run_id IN (<runIds>)")
    List<RunRow> withSomeIds(@org.jdbi.v3.sqlobject.customizer.BindList("runIds") List<String> runIds);

    @SqlQuery("SELECT COALESCE(MAX(catalog_version), 0) FROM load_run WHERE job = :job AND status = 'published'")
    long newestPublishedVersion(@Bind("job") String job);

    @SqlQuery("SELECT MIN(catalog_version) FROM load_run WHERE job = :job AND status = 'committed'")
    Optional<Long> oldestUnpublishedVersion(@Bind("job") String job);

    /**
     * The newest catalog version whose runs are all published, so that every file it lists is in its
     * folder (a run committed but not yet published holds the versions after it back).
     */
    default long readableVersion(String job) {
        return oldestUnpublishedVersion(job).map(v -> v - 1).orElseGet(() -> newestPublishedVersion(job));
    }

    /** When the job's last load started, however it ended. */
    @SqlQuery("SELECT MAX(t) FROM (SELECT MAX(started_at) AS t FROM load_run WHERE job = :job AND kind = 'load'"
            + " UNION ALL SELECT checked_at FROM job_check WHERE job = :job) x")
    Optional<Instant> lastStarted(@Bind("job") String job);

    /** When the job's last load was published, or a run last found nothing to load: its last success. */
    @SqlQuery("SELECT MAX(t) FROM (SELECT MAX(finished_at) AS t FROM load_run WHERE job = :job AND kind = 'load' AND status = 'published'"
            + " UNION ALL SELECT checked_at FROM job_check WHERE job = :job) x")
    Optional<Instant> lastSuccess(@Bind("job") String job);

    /** A run found nothing to load: when, for {@link #lastSuccess}. */
    @SqlUpdate("UPDATE job_check SET checked_at = :at WHERE job = :job")
    int updateChecked(@Bind("job") String job, @Bind("at") Instant at);

    @SqlUpdate("INSERT INTO job_check (job, checked_at) VALUES (:job, :at)")
    void insertChecked(@Bind("job") String job, @Bind("at") Instant at);

    /** The job's committed loads summed: records written, bytes read and written, files (the cron metrics file's counters). */
    @SqlQuery("SELECT COALESCE(SUM(records_written), 0) AS records_written, COALESCE(SUM(bytes_read), 0) AS bytes_read,"
            + " COALESCE(SUM(bytes_written), 0) AS bytes_written, COALESCE(SUM(files_written), 0) AS files_written"
            + " FROM load_run WHERE job = :job AND kind = 'load' AND status IN ('committed', 'published')")
    @RegisterConstructorMapper(LoadTotals.class)
    LoadTotals loadTotals(@Bind("job") String job);

    /** The job's runs by how they ended in the catalog: published, committed, failed, aborted, running. */
    @SqlQuery("SELECT status AS name, COUNT(*) AS n FROM load_run WHERE job = :job AND kind = 'load' GROUP BY status")
    @RegisterConstructorMapper(NamedCount.class)
    List<NamedCount> loadsByStatus(@Bind("job") String job);

    @SqlQuery("SELECT * FROM load_run WHERE job = :job ORDER BY started_at DESC LIMIT :limit")
    List<RunRow> recent(@Bind("job") String job, @Bind("limit") int limit);
}

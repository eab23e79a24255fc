package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The file manifest (data_file) and each file's lineage (file_source). */
@RegisterConstructorMapper(DataFileRow.class)
@RegisterConstructorMapper(FileSourceRow.class)
@RegisterConstructorMapper(PartitionCount.class)
interface FileDao {
    @SqlBatch("INSERT INTO data_file (path, staging_path, run_id, job, activity_type, event_date, event_hour,"
            + " file_format, record_count, byte_size, min_event_time, max_event_time, schema_fingerprint, state, added_version)"
            + " VALUES (:path, :stagingPath, :runId, :job, :activityType, :eventDate, :eventHour, :fileFormat,"
            + " :recordCount, :byteSize, :minEventTime, :maxEventTime, :schemaFingerprint, 'live', :addedVersion)")
    void insertFiles(@BindMethods List<DataFileRow> files);

    @SqlBatch("INSERT INTO file_source (path, topic, kafka_partition, first_offset, last_offset, records, epoch, offset_runs)"
            + " VALUES (:path, :topic, :kafkaPartition, :firstOffset, :lastOffset, :records, :epoch, :offsetRuns)")
    void insertSources(@BindMethods List<FileSourceRow> sources);

    /** Compare-and-set: 1 if the file was live and is now replaced by the run, 0 if it was no longer live. */
    @SqlUpdate("UPDATE data_file SET state = 'replaced', replaced_by_run = :run, replaced_version = :version,"
            + " replaced_at = :at WHERE path = :path AND state = 'live'")
    int markReplaced(@Bind("path") String path, @Bind("run") String run, @Bind("version") long version,
                     @Bind("at") Instant at);

    @SqlQuery("SELECT * FROM data_file WHERE run_id = :runId ORDER BY path")
    List<DataFileRow> ofRun(@Bind("runId") String runId);

    /**
     * What readers may see: files of published runs that are live, or replaced by a run not published
     * yet. A replacing run's files and the ones it replaces trade places in one step, when it is
     * marked published (its new files are in their folders by then, the old ones still in theirs).
     */
    @SqlQuery("SELECT f.* FROM data_file f JOIN load_run r ON r.run_id = f.run_id"
            + " LEFT JOIN load_run x ON x.run_id = f.replaced_by_run"
            + " WHERE f.job = :job AND r.status = 'published'"
            + " AND (f.state = 'live' OR (f.state = 'replaced' AND x.status <> 'published')) ORDER BY f.path")
    List<DataFileRow> published(@Bind("job") String job);

    /**
     * The files readers saw at a catalog version: added by a published run at or before it, not
     * replaced at or before it. Those replaced since may have moved to _replaced/ (or been vacuumed).
     */
    @SqlQuery("SELECT f.* FROM data_file f JOIN load_run r ON r.run_id = f.run_id WHERE f.job = :job AND r.status = 'published'"
            + " AND f.added_version <= :version AND (f.replaced_version IS NULL OR f.replaced_version > :version) ORDER BY f.path")
    List<DataFileRow> liveAt(@Bind("job") String job, @Bind("version") long version);

    /** The live files of the activity types on the days that a catalog version had (a backfill's hours are among them). */
    @SqlQuery("SELECT * FROM data_file WHERE job = :job AND activity_type IN (<types>) AND event_date BETWEEN :first AND :last"
            + " AND state = 'live' AND added_version <= :version ORDER BY path")
    List<DataFileRow> liveInDaysAt(@Bind("job") String job, @BindList("types") List<String> types,
                                   @Bind("first") java.time.LocalDate first, @Bind("last") java.time.LocalDate last,
                                   @Bind("version") long version);

    /** Every live file of the job (for the audit of each hour's offsets). */
    @SqlQuery("SELECT * FROM data_file WHERE job = :job AND state = 'live' ORDER BY path")
    List<DataFileRow> live(@Bind("job") String job);

    /** The lineage of the files (a chunk of paths per query). */
    default List<FileSourceRow> sourcesOf(List<String> paths) {
        return InChunks.query(paths, this::sourcesOfSome);
    }

    @SqlQuery("SELECT * FROM file_source WHERE path IN (<paths>) ORDER BY path, topic, kafka_partition")
    List<FileSourceRow> sourcesOfSome(@BindList("paths") List<String> paths);

    /**
     * Files replaced by published runs that are still in their partition folders (a publish cut short),
     * once in them: a file replaced while its own run was committed but not yet published is still in
     * staging, and moves out when that run publishes.
     */
    @SqlQuery("SELECT f.* FROM data_file f JOIN load_run x ON x.run_id = f.replaced_by_run JOIN load_run r ON r.run_id = f.run_id"
            + " WHERE f.job = :job AND f.state = 'replaced' AND x.status = 'published' AND r.status = 'published'"
            + " AND f.moved_out_at IS NULL ORDER BY f.path")
    List<DataFileRow> replacedNotMovedOut(@Bind("job") String job);

    @SqlBatch("UPDATE data_file SET moved_out_at = :at WHERE path = :path")
    void markMovedOut(@Bind("path") List<String> paths, @Bind("at") Instant at);

    /** The files were gone when the loader came to move them; a replaced one counts as moved out (nothing is left to move). */
    @SqlBatch("UPDATE data_file SET lost_at = COALESCE(lost_at, :at),"
            + " moved_out_at = CASE WHEN state = 'replaced' THEN COALESCE(moved_out_at, :at) ELSE moved_out_at END WHERE path = :path")
    void markLost(@Bind("path") List<String> paths, @Bind("at") Instant at);

    /** Replaced files moved out before the instant and not deleted yet: what vacuum deletes. */
    @SqlQuery("SELECT * FROM data_file WHERE job = :job AND state = 'replaced' AND moved_out_at IS NOT NULL"
            + " AND moved_out_at < :before AND vacuumed_at IS NULL ORDER BY path")
    List<DataFileRow> vacuumable(@Bind("job") String job, @Bind("before") Instant before);

    /** Files the run replaced that vacuum has not deleted yet. */
    @SqlQuery("SELECT COUNT(*) FROM data_file WHERE replaced_by_run = :run AND vacuumed_at IS NULL")
    long keptReplacedBy(@Bind("run") String run);

    @SqlBatch("UPDATE data_file SET vacuumed_at = :at WHERE path = :path AND state = 'replaced'")
    void markVacuumed(@Bind("path") List<String> paths, @Bind("at") Instant at);

    /** The rows of the files, a chunk of paths per query. */
    default List<DataFileRow> withPaths(List<String> paths) {
        return InChunks.query(paths, this::withSomePaths);
    }

    @SqlQuery("SELECT * FROM data_file WHERE path IN (<paths>)")
    List<DataFileRow> withSomePaths(@BindList("paths") List<String> paths);

    /** Records per run and topic-partition held by the job's files. */
    @SqlQuery("SELECT f.run_id, s.topic, s.kafka_partition, SUM(s.records) AS records"
            + " FROM file_source s JOIN data_file f ON f.path = s.path WHERE f.job = :job"
            + " GROUP BY f.run_id, s.topic, s.kafka_partition")
    List<PartitionCount> recordsPerRunPartition(@Bind("job") String job);

    /** Records per topic-partition held by the job's live files. */
    @SqlQuery("SELECT s.topic, s.kafka_partition, SUM(s.records) AS records FROM file_source s JOIN data_file f ON f.path = s.path"
            + " WHERE f.job = :job AND f.state = 'live' GROUP BY s.topic, s.kafka_partition")
    @RegisterConstructorMapper(PartitionTotal.class)
    List<PartitionTotal> liveRecordsPerPartition(@Bind("job") String job);

    @SqlQuery("SELECT path FROM data_file")
    List<String> allPaths();

    /** Those of the paths the catalog has a row for (a chunk of paths per query). */
    default List<String> knownPaths(List<String> paths) {
        return InChunks.query(paths, this::someKnownPaths);
    }

    @SqlQuery("SELECT path FROM data_file WHERE path IN (<paths>)")
    List<String> someKnownPaths(@BindList("paths") List<String> paths);
}

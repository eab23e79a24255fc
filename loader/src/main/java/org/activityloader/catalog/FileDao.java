package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** The file manifest (data_file) and each file's lineage (file_source). */
@RegisterConstructorMapper(DataFileRow.class)
@RegisterConstructorMapper(FileSourceRow.class)
@RegisterConstructorMapper(PartitionCount.class)
public interface FileDao {
    @SqlBatch("INSERT INTO data_file (path, staging_path, run_id, job, activity_type, event_date, event_hour,"
            + " file_format, record_count, byte_size, min_event_time, max_event_time, schema_fingerprint, state)"
            + " VALUES (:path, :stagingPath, :runId, :job, :activityType, :eventDate, :eventHour, :fileFormat,"
            + " :recordCount, :byteSize, :minEventTime, :maxEventTime, :schemaFingerprint, :state)")
    void insertFiles(@BindMethods List<DataFileRow> files);

    @SqlBatch("INSERT INTO file_source (path, topic, kafka_partition, first_offset, last_offset, records)"
            + " VALUES (:path, :topic, :kafkaPartition, :firstOffset, :lastOffset, :records)")
    void insertSources(@BindMethods List<FileSourceRow> sources);

    @SqlQuery("SELECT * FROM data_file WHERE run_id = :runId ORDER BY path")
    List<DataFileRow> ofRun(@Bind("runId") String runId);

    /** Live files of runs whose files are published: what readers may see. */
    @SqlQuery("SELECT f.* FROM data_file f JOIN load_run r ON r.run_id = f.run_id"
            + " WHERE f.job = :job AND f.state = 'live' AND r.status = 'published' ORDER BY f.path")
    List<DataFileRow> published(@Bind("job") String job);

    /** Records per run and topic-partition held by the job's files. */
    @SqlQuery("SELECT f.run_id, s.topic, s.kafka_partition, SUM(s.records) AS records"
            + " FROM file_source s JOIN data_file f ON f.path = s.path WHERE f.job = :job"
            + " GROUP BY f.run_id, s.topic, s.kafka_partition")
    List<PartitionCount> recordsPerRunPartition(@Bind("job") String job);

    @SqlQuery("SELECT path FROM data_file")
    List<String> allPaths();
}

package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Offset ranges each committed run loaded, and the gaps retention left. Together they tile the log. */
@RegisterConstructorMapper(CommittedRange.class)
@RegisterConstructorMapper(OffsetGapRow.class)
interface RangeDao {
    @SqlBatch("INSERT INTO committed_range (run_id, job, topic, kafka_partition, epoch, from_offset, to_offset, records, topic_id)"
            + " VALUES (:runId, :job, :topic, :kafkaPartition, :epoch, :fromOffset, :toOffset, :records, :topicId)")
    void insertRanges(@Bind("job") String job, @BindMethods List<CommittedRange> ranges);

    @SqlBatch("INSERT INTO offset_gap (job, topic, kafka_partition, epoch, from_offset, to_offset, run_id)"
            + " VALUES (:job, :topic, :kafkaPartition, :epoch, :fromOffset, :toOffset, :runId)")
    void insertGaps(@Bind("job") String job, @BindMethods List<OffsetGapRow> gaps);

    /** Records the job's committed runs read, per topic. */
    @SqlQuery("SELECT c.topic AS name, SUM(c.records) AS n FROM committed_range c JOIN load_run r ON r.run_id = c.run_id"
            + " WHERE c.job = :job AND r.status IN ('committed', 'published') GROUP BY c.topic")
    @RegisterConstructorMapper(NamedCount.class)
    List<NamedCount> readPerTopic(@Bind("job") String job);

    /** Ranges of committed (and published) runs only: an aborted run has none. */
    @SqlQuery("SELECT c.* FROM committed_range c JOIN load_run r ON r.run_id = c.run_id"
            + " WHERE c.job = :job AND r.status IN ('committed', 'published')"
            + " ORDER BY c.topic, c.kafka_partition, c.epoch, c.from_offset")
    List<CommittedRange> committed(@Bind("job") String job);

    /** Gaps recorded by runs committed since the instant. */
    @SqlQuery("SELECT g.run_id, g.topic, g.kafka_partition, g.epoch, g.from_offset, g.to_offset FROM offset_gap g"
            + " JOIN load_run r ON r.run_id = g.run_id WHERE g.job = :job AND r.committed_at >= :since"
            + " ORDER BY g.topic, g.kafka_partition, g.from_offset")
    List<OffsetGapRow> gapsSince(@Bind("job") String job, @Bind("since") java.time.Instant since);

    @SqlQuery("SELECT run_id, topic, kafka_partition, epoch, from_offset, to_offset FROM offset_gap WHERE job = :job"
            + " ORDER BY topic, kafka_partition, epoch, from_offset")
    List<OffsetGapRow> gaps(@Bind("job") String job);
}

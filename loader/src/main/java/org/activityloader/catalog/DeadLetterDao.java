package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Rejected records, one row per offset. */
@RegisterConstructorMapper(DeadLetterRow.class)
@RegisterConstructorMapper(PartitionCount.class)
interface DeadLetterDao {
    @SqlBatch("INSERT INTO dead_letter (job, topic, kafka_partition, epoch, kafka_offset, run_id, reason, file_path)"
            + " VALUES (:job, :topic, :kafkaPartition, :epoch, :kafkaOffset, :runId, :reason, :filePath)")
    void insert(@Bind("job") String job, @BindMethods List<DeadLetterRow> rows);

    /** Dead letters of these runs that no backfill has resolved yet (a chunk of runs per query). */
    default List<DeadLetterRow> unresolvedOfRuns(String job, List<String> runs) {
        return InChunks.query(runs, some -> unresolvedOfSomeRuns(job, some));
    }

    @SqlQuery("SELECT run_id, topic, kafka_partition, epoch, kafka_offset, reason, file_path FROM dead_letter"
            + " WHERE job = :job AND run_id IN (<runs>) AND resolved_by_run IS NULL ORDER BY topic, kafka_partition, kafka_offset")
    List<DeadLetterRow> unresolvedOfSomeRuns(@Bind("job") String job, @BindList("runs") List<String> runs);

    /** Unresolved dead letters of one partition's offsets [from, to) in the epoch. */
    @SqlQuery("SELECT run_id, topic, kafka_partition, epoch, kafka_offset, reason, file_path FROM dead_letter"
            + " WHERE job = :job AND topic = :topic AND kafka_partition = :partition AND epoch = :epoch"
            + " AND kafka_offset >= :from AND kafka_offset < :to AND resolved_by_run IS NULL ORDER BY kafka_offset")
    List<DeadLetterRow> unresolvedIn(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
                                     @Bind("epoch") int epoch, @Bind("from") long from, @Bind("to") long to);

    /** Compare-and-set: 1 if the dead letter was unresolved and is now resolved by the run. */
    @SqlUpdate("UPDATE dead_letter SET resolved_by_run = :run WHERE job = :job AND topic = :topic"
            + " AND kafka_partition = :partition AND epoch = :epoch AND kafka_offset = :offset AND resolved_by_run IS NULL")
    int resolve(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition, @Bind("epoch") int epoch,
                @Bind("offset") long offset, @Bind("run") String run);

    /** The dead-letter files of a run (final paths). */
    @SqlQuery("SELECT DISTINCT file_path FROM dead_letter WHERE run_id = :runId ORDER BY file_path")
    List<String> filesOfRun(@Bind("runId") String runId);

    /** Rejected records per run and topic-partition. */
    @SqlQuery("SELECT run_id, topic, kafka_partition, COUNT(*) AS records FROM dead_letter WHERE job = :job"
            + " GROUP BY run_id, topic, kafka_partition")
    List<PartitionCount> recordsPerRunPartition(@Bind("job") String job);

    /** Every dead letter of the job's committed runs that no backfill has resolved. */
    @SqlQuery("SELECT d.run_id, d.topic, d.kafka_partition, d.epoch, d.kafka_offset, d.reason, d.file_path"
            + " FROM dead_letter d JOIN load_run r ON r.run_id = d.run_id"
            + " WHERE d.job = :job AND r.status IN ('committed', 'published') AND d.resolved_by_run IS NULL")
    List<DeadLetterRow> unresolved(@Bind("job") String job);

    /** Dead letters no backfill has resolved, per topic-partition. */
    @SqlQuery("SELECT topic, kafka_partition, COUNT(*) AS records FROM dead_letter WHERE job = :job AND resolved_by_run IS NULL"
            + " GROUP BY topic, kafka_partition")
    @RegisterConstructorMapper(PartitionTotal.class)
    List<PartitionTotal> unresolvedPerPartition(@Bind("job") String job);

    /** Rejected records of runs committed since the instant, by topic and kind of problem (the reason up to its first ':'). */
    @SqlQuery("SELECT topic, problem, COUNT(*) AS records FROM (SELECT d.topic, CASE WHEN POSITION(':' IN d.reason) > 0"
            + " THEN SUBSTRING(d.reason FROM 1 FOR POSITION(':' IN d.reason) - 1) ELSE d.reason END AS problem"
            + " FROM dead_letter d JOIN load_run r ON r.run_id = d.run_id WHERE d.job = :job AND r.committed_at >= :since) p"
            + " GROUP BY topic, problem ORDER BY topic, problem")
    @RegisterConstructorMapper(ProblemCount.class)
    List<ProblemCount> problemsSince(@Bind("job") String job, @Bind("since") java.time.Instant since);

    @SqlQuery("SELECT d.run_id, d.topic, d.kafka_partition, d.epoch, d.kafka_offset, d.reason, d.file_path"
            + " FROM dead_letter d JOIN load_run r ON r.run_id = d.run_id"
            + " WHERE d.job = :job AND r.status IN ('committed', 'published') ORDER BY d.topic, d.kafka_partition, d.epoch, d.kafka_offset")
    List<DeadLetterRow> committed(@Bind("job") String job);
}

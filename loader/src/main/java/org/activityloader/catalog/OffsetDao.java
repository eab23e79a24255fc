package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Next offset to load per topic-partition. Advanced only by the commit, only from the value it planned with. */
@RegisterConstructorMapper(StoredOffset.class)
interface OffsetDao {
    @SqlQuery("SELECT topic, kafka_partition, next_offset, epoch, topic_id FROM source_offset WHERE job = :job ORDER BY topic, kafka_partition")
    List<StoredOffset> forJob(@Bind("job") String job);

    /** Optimistic check: 1 row if the offset still was {@code expected}, else 0 (someone else moved it). */
    @SqlUpdate("UPDATE source_offset SET next_offset = :next, topic_id = :topicId, updated_by_run = :run"
            + " WHERE job = :job AND topic = :topic AND kafka_partition = :partition AND next_offset = :expected")
    int advance(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
                @Bind("expected") long expected, @Bind("next") long next, @Bind("topicId") String topicId,
                @Bind("run") String run);

    /** Starts a new epoch at {@code next} (topic recreated, or an operator's decision); 0 rows if the offset moved. */
    @SqlUpdate("UPDATE source_offset SET next_offset = :next, epoch = epoch + 1, topic_id = :topicId, updated_by_run = :run"
            + " WHERE job = :job AND topic = :topic AND kafka_partition = :partition AND next_offset = :expected"
            + " AND epoch = :epoch")
    int reset(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
              @Bind("expected") long expected, @Bind("epoch") int epoch, @Bind("next") long next,
              @Bind("topicId") String topicId, @Bind("run") String run);

    /** Who reset what and why, with the topic id of the old epoch and of Kafka's topic now (equal: a forced reset). */
    @SqlUpdate("INSERT INTO offset_reset (job, topic, kafka_partition, epoch, old_next_offset, new_next_offset, reset_at, reason,"
            + " old_topic_id, new_topic_id, forced)"
            + " VALUES (:job, :topic, :kafkaPartition, :epoch, :oldNextOffset, :newNextOffset, :resetAt, :reason, :oldTopicId,"
            + " :newTopicId, :forced)")
    void recordReset(@BindMethods OffsetResetRow row);

    /** First load of a partition; a concurrent first load fails on the primary key. */
    @SqlUpdate("INSERT INTO source_offset (job, topic, kafka_partition, next_offset, topic_id, updated_by_run)"
            + " VALUES (:job, :topic, :partition, :next, :topicId, :run)")
    void insert(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
                @Bind("next") long next, @Bind("topicId") String topicId, @Bind("run") String run);
}

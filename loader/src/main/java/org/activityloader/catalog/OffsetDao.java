package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Next offset to load per topic-partition. Advanced only by the commit, only from the value it planned with. */
@RegisterConstructorMapper(StoredOffset.class)
public interface OffsetDao {
    @SqlQuery("SELECT topic, kafka_partition, next_offset FROM source_offset WHERE job = :job ORDER BY topic, kafka_partition")
    List<StoredOffset> forJob(@Bind("job") String job);

    /** Optimistic check: 1 row if the offset still was {@code expected}, else 0 (someone else moved it). */
    @SqlUpdate("UPDATE source_offset SET next_offset = :next, updated_by_run = :run"
            + " WHERE job = :job AND topic = :topic AND kafka_partition = :partition AND next_offset = :expected")
    int advance(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
                @Bind("expected") long expected, @Bind("next") long next, @Bind("run") String run);

    /** First load of a partition; a concurrent first load fails on the primary key. */
    @SqlUpdate("INSERT INTO source_offset (job, topic, kafka_partition, next_offset, updated_by_run)"
            + " VALUES (:job, :topic, :partition, :next, :run)")
    void insert(@Bind("job") String job, @Bind("topic") String topic, @Bind("partition") int partition,
                @Bind("next") long next, @Bind("run") String run);
}

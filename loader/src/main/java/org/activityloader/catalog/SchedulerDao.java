package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** scheduler_node: the {@code loader schedule} nodes that fire a job, each checking in while it runs. */
interface SchedulerDao {
    @SqlUpdate("UPDATE scheduler_node SET seen_at = :at WHERE job = :job AND node = :node")
    int seen(@Bind("job") String job, @Bind("node") String node, @Bind("at") Instant at);

    @SqlUpdate("INSERT INTO scheduler_node (job, node, host, started_at, seen_at) VALUES (:job, :node, :host, :at, :at)")
    void insert(@Bind("job") String job, @Bind("node") String node, @Bind("host") String host, @Bind("at") Instant at);

    @SqlUpdate("DELETE FROM scheduler_node WHERE job = :job AND node = :node")
    int leave(@Bind("job") String job, @Bind("node") String node);

    /** "node on host" of each node that checked in since the instant. */
    @SqlQuery("SELECT node || ' on ' || host FROM scheduler_node WHERE job = :job AND seen_at >= :since ORDER BY node")
    List<String> seenSince(@Bind("job") String job, @Bind("since") Instant since);
}

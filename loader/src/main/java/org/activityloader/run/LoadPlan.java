package org.activityloader.run;

import java.util.List;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.source.DrainPlan;
import org.apache.kafka.common.TopicPartition;

/**
 * Step 3's result: what one load will read (per partition {@code [stored next offset, end offset
 * now)}, capped by the job's limits), the stored offsets it was planned from (the commit advances
 * each only from these), and the job's schemas.
 *
 * @param jobPartitions every partition of the job's topics, also those of other shards: an hour is
 *                      complete only when all of its type's partitions are past it
 */
record LoadPlan(String runId, DrainPlan drain, StoredOffsets stored, ActivitySchemas schemas, List<TopicPartition> jobPartitions) {
    LoadPlan {
        jobPartitions = List.copyOf(jobPartitions);
    }
}

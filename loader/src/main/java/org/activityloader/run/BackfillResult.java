package org.activityloader.run;

import java.util.Map;
import java.util.Optional;
import org.activityloader.partition.PartitionKey;

/**
 * What a backfill did (or, for a dry run, would do).
 *
 * @param runId        empty for a dry run
 * @param newPerHour   records in the new files of each hour
 * @param resolved     dead letters that decode now and are in the new files
 * @param stages       where its time went (lease, recover, kafka client, plan, poll, decode, wait, write, seal, commit, publish)
 */
public record BackfillResult(BackfillPlan plan, Optional<String> runId, long newRecords, Map<PartitionKey, Long> newPerHour,
                             int resolved, long catalogVersion, Map<String, java.time.Duration> stages) {
    public BackfillResult {
        stages = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stages));
    }
}

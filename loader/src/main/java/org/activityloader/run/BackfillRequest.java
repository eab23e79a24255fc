package org.activityloader.run;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.activityloader.partition.PartitionKey;

/**
 * What an operator asked to backfill.
 *
 * @param hours        the hours to rebuild (activity type, date, hour in the job's zone)
 * @param lateness     for hours never loaded: how far before and after the hour records may have been
 *                     produced (their Kafka timestamps), when Kafka's offsets for times plan them
 * @param allowPartial rebuild what Kafka still holds when some of the plan's offsets are gone
 */
public record BackfillRequest(Set<PartitionKey> hours, List<String> types, boolean dryRun, String reason, String requestedBy,
                              Duration lateness, boolean allowPartial) {
    public BackfillRequest {
        hours = Set.copyOf(hours);
        types = List.copyOf(types);
    }
}

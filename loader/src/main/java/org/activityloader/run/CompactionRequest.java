package org.activityloader.run;

import java.time.Duration;
import java.util.function.Predicate;
import org.activityloader.partition.PartitionKey;

/**
 * What a compaction is asked to do.
 *
 * @param hours       which of the job's closed hours it may compact
 * @param targetBytes the size it merges small files up to
 * @param budget      it starts no new merge after this long (what it merged by then is committed)
 */
public record CompactionRequest(Predicate<PartitionKey> hours, long targetBytes, boolean dryRun, Duration budget) {
}

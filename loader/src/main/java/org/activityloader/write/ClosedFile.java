package org.activityloader.write;

import java.util.List;
import org.activityloader.partition.PartitionKey;

/** A file written and closed, waiting to be sealed: what sealing it needs, not its writer. */
record ClosedFile(PartitionKey key, String fingerprint, String finalPath, String stagedPath, long records, long minTime,
                  long maxTime, List<SourceSpan> spans) {
}

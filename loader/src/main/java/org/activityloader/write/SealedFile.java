package org.activityloader.write;

import java.util.List;
import org.activityloader.config.OutputFormat;
import org.activityloader.partition.PartitionKey;

/**
 * A closed data file in staging, its counts read back from the file itself.
 *
 * @param finalPath  where it is published, relative to the warehouse root
 * @param stagedPath where it is now, relative to the warehouse root
 */
public record SealedFile(PartitionKey key, String finalPath, String stagedPath, OutputFormat format,
                         long records, long bytes, long minEventTime, long maxEventTime,
                         String schemaFingerprint, List<SourceSpan> sources) {
    public SealedFile {
        sources = List.copyOf(sources);
    }
}

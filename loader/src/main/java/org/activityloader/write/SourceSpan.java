package org.activityloader.write;

import java.util.Optional;

/**
 * The Kafka offsets one file holds from one topic-partition: first, last, how many records, and
 * exactly which (empty when there were too many runs to keep).
 */
public record SourceSpan(String topic, int partition, long firstOffset, long lastOffset, long records, Optional<OffsetRuns> runs) {
}

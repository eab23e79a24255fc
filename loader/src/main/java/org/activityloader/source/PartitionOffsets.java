package org.activityloader.source;

import java.util.OptionalLong;

/**
 * What is known about one topic-partition when a run plans: the next offset the catalog says
 * to load (empty for a partition never loaded) and the log's start and end offsets now.
 */
public record PartitionOffsets(String topic, int partition, OptionalLong stored, long logStart, long logEnd) {
}

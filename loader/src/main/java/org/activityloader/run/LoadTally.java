package org.activityloader.run;

import java.time.Instant;
import java.util.Map;
import org.activityloader.run.KafkaDrain.Drained;
import org.apache.kafka.common.TopicPartition;

/** What a load counted while it wrote: what its drain read, what became of the records, each partition's newest event time. */
record LoadTally(Drained drained, RecordCounts records, Map<TopicPartition, Instant> newest) {
    LoadTally {
        newest = Map.copyOf(newest);
    }
}

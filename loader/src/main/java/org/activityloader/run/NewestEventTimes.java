package org.activityloader.run;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The newest event time a run read from each partition (a reject's is its Kafka timestamp: dead
 * letters count as delivered), for the partitions' watermarks. Records come partition by partition,
 * so the last partition's slot is kept at hand. One thread.
 */
final class NewestEventTimes {
    private final Map<TopicPartition, long[]> newest = new HashMap<>();
    private String lastTopic;
    private int lastPartition = -1;
    private long[] last;

    void saw(String topic, int partition, long eventTimeMillis) {
        if (partition != lastPartition || !topic.equals(lastTopic)) {
            last = newest.computeIfAbsent(new TopicPartition(topic, partition), tp -> new long[] {Long.MIN_VALUE});
            lastTopic = topic;
            lastPartition = partition;
        }
        if (eventTimeMillis > last[0]) {
            last[0] = eventTimeMillis;
        }
    }

    Map<TopicPartition, Instant> byPartition() {
        Map<TopicPartition, Instant> out = new HashMap<>();
        newest.forEach((tp, t) -> out.put(tp, Instant.ofEpochMilli(t[0])));
        return out;
    }
}

package org.activityloader.source;

import org.apache.kafka.common.TopicPartition;

/** Offsets {@code [from, to)} of one topic-partition: what a run plans to load, or loaded. */
public record PartitionRange(TopicPartition topicPartition, long from, long to) {
    public PartitionRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad range " + topicPartition + " [" + from + ", " + to + ")");
        }
    }

    public PartitionRange(String topic, int partition, long from, long to) {
        this(new TopicPartition(topic, partition), from, to);
    }

    public String topic() {
        return topicPartition.topic();
    }

    public int partition() {
        return topicPartition.partition();
    }

    public long size() {
        return to - from;
    }

    public boolean isEmpty() {
        return to == from;
    }

    public PartitionRange withTo(long newTo) {
        return new PartitionRange(topicPartition, from, newTo);
    }
}

package org.activityloader.source;

/** Offsets {@code [from, to)} of one topic-partition: what a run plans to load, or loaded. */
public record PartitionRange(String topic, int partition, long from, long to) {
    public PartitionRange {
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("bad range " + topic + "-" + partition + " [" + from + ", " + to + ")");
        }
    }

    public long size() {
        return to - from;
    }

    public boolean isEmpty() {
        return to == from;
    }

    public PartitionRange withTo(long newTo) {
        return new PartitionRange(topic, partition, from, newTo);
    }

    public String partitionName() {
        return topic + "-" + partition;
    }
}

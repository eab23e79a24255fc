package org.activityloader.source;

/** Offsets {@code [from, to)} that Kafka deleted (retention) before they were loaded. */
public record OffsetGap(String topic, int partition, long from, long to) {
    public String partitionName() {
        return topic + "-" + partition;
    }
}

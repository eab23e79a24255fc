package org.activityloader.source;

/** A topic-partition's log as Kafka has it now: the topic's id, the first and the next offset. */
public record PartitionLog(String topic, int partition, String topicId, long logStart, long logEnd) {
    public String partitionName() {
        return topic + "-" + partition;
    }
}

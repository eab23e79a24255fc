package org.activityloader.catalog;

/** A number of records of one run from one topic-partition. */
public record PartitionCount(String runId, String topic, int kafkaPartition, long records) {
    public String key() {
        return runId + "/" + topic + "-" + kafkaPartition;
    }
}

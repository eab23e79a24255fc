package org.activityloader.catalog;

/**
 * A row of committed_range: offsets {@code [from, to)} of one partition (in one epoch) loaded by one run.
 *
 * @param topicId Kafka's id of the topic they were read from; null where not known (ranges of older epochs)
 */
public record CommittedRange(String runId, String topic, int kafkaPartition, int epoch, long fromOffset, long toOffset,
                             long records, String topicId) {
}

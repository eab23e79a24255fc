package org.activityloader.catalog;

import java.time.Instant;

/**
 * A row of offset_reset: who reset what and why.
 *
 * @param epoch      the new epoch the partition starts
 * @param oldTopicId Kafka's id of the topic the old epoch was loaded from; {@code newTopicId} is the id now
 * @param forced     the topic was not recreated (the ids are equal): an operator reset it anyway
 */
public record OffsetResetRow(String job, String topic, int kafkaPartition, int epoch, long oldNextOffset, long newNextOffset,
                             Instant resetAt, String reason, String oldTopicId, String newTopicId, boolean forced) {
}

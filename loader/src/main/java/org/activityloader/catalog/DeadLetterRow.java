package org.activityloader.catalog;

/** A row of dead_letter. */
public record DeadLetterRow(String runId, String topic, int kafkaPartition, int epoch, long kafkaOffset, String reason,
                            String filePath) {
}

package org.activityloader.catalog;

/** A row of dead_letter. */
public record DeadLetterRow(String runId, String topic, int kafkaPartition, long kafkaOffset, String reason,
                            String filePath) {
}

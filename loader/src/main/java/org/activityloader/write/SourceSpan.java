package org.activityloader.write;

/** The Kafka offsets one file holds from one topic-partition: first, last and how many records. */
public record SourceSpan(String topic, int partition, long firstOffset, long lastOffset, long records) {
}

package org.activityloader.write;

/** The Kafka offsets one file holds from one topic-partition: first, last and how many records. */
public record SourceSpan(String topic, int partition, long firstOffset, long lastOffset, long records) {
    SourceSpan add(long offset) {
        return new SourceSpan(topic, partition, Math.min(firstOffset, offset), Math.max(lastOffset, offset), records + 1);
    }
}

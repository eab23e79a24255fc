package org.activityloader.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericRecord;

/**
 * A staging file being written for one {@link PartitionKey}, and what it holds so far: how many
 * records, their event times' range, and which offsets of which topic-partitions.
 */
final class OpenFile {
    final PartitionKey key;
    final String fingerprint;
    final String finalPath;
    final String stagedPath;
    final RecordFileWriter writer;
    /** Offsets per topic-partition written to this file; the last one used is checked first. */
    private final List<SpanBuilder> spans = new ArrayList<>();
    private SpanBuilder lastSpan;
    long records;
    private long minTime = Long.MAX_VALUE;
    private long maxTime = Long.MIN_VALUE;

    OpenFile(PartitionKey key, String fingerprint, String finalPath, String stagedPath, RecordFileWriter writer) {
        this.key = key;
        this.fingerprint = fingerprint;
        this.finalPath = finalPath;
        this.stagedPath = stagedPath;
        this.writer = writer;
    }

    /** Closes the file (its footer written, its buffers freed) and keeps what sealing it needs. */
    ClosedFile close() throws IOException {
        writer.close();
        return new ClosedFile(key, fingerprint, finalPath, stagedPath, records, minTime, maxTime,
                spans.stream().map(SpanBuilder::build).toList());
    }

    void write(GenericRecord record, long eventTime, String topic, int partition, long offset) throws IOException {
        writer.write(record);
        records++;
        minTime = Math.min(minTime, eventTime);
        maxTime = Math.max(maxTime, eventTime);
        span(topic, partition).add(offset);
    }

    private SpanBuilder span(String topic, int partition) {
        if (lastSpan != null && lastSpan.partition == partition && lastSpan.topic.equals(topic)) {
            return lastSpan;
        }
        for (SpanBuilder s : spans) {
            if (s.partition == partition && s.topic.equals(topic)) {
                return lastSpan = s;
            }
        }
        lastSpan = new SpanBuilder(topic, partition);
        spans.add(lastSpan);
        return lastSpan;
    }

    private static final class SpanBuilder {
        final String topic;
        final int partition;
        final OffsetRuns.Builder runs = new OffsetRuns.Builder();
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long records;

        SpanBuilder(String topic, int partition) {
            this.topic = topic;
            this.partition = partition;
        }

        void add(long offset) {
            first = Math.min(first, offset);
            last = Math.max(last, offset);
            records++;
            runs.add(offset);
        }

        SourceSpan build() {
            return new SourceSpan(topic, partition, first, last, records, runs.build());
        }
    }
}

package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.decode.DecodeResult;
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.DeadLetterWriter;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Step 4 of the commit protocol for each drained record: decode it against its topic's schema,
 * check its size and event time, then write it to its hour's staging file or keep it as a dead
 * letter with the reason. Counts what it did, for the commit and the summary.
 */
final class RecordRouter {
    private final TopicDecoders decoders;
    private final HourlyPartitioner partitioner;
    private final BackgroundWriter writer;
    private final DeadLetterWriter rejects;
    /** Believable event times: the run's start minus max_past to plus max_future. */
    private final long earliest;
    private final long latest;
    private long read;
    private long written;
    private long rejected;
    private long unknownFields;
    /** Rejects by kind of problem (the reason's category: malformed_json, too_large, ...). */
    private final Map<String, Long> rejectedByKind = new TreeMap<>();
    private final NewestEventTimes newest = new NewestEventTimes();

    RecordRouter(JobSpec spec, TopicDecoders decoders, Instant runStart, BackgroundWriter writer, DeadLetterWriter rejects) {
        this.decoders = decoders;
        this.partitioner = new HourlyPartitioner(spec.eventTime().zone());
        this.writer = writer;
        this.rejects = rejects;
        this.earliest = runStart.minus(spec.eventTime().maxPast()).toEpochMilli();
        this.latest = runStart.plus(spec.eventTime().maxFuture()).toEpochMilli();
    }

    RecordCounts counts() {
        return new RecordCounts(read, written, rejected, unknownFields, rejectedByKind);
    }

    NewestEventTimes newest() {
        return newest;
    }

    void accept(ConsumerRecord<byte[], byte[]> rec) {
        read++;
        DecodeResult result = decode(rec);
        try {
            if (result instanceof DecodeResult.Decoded d) {
                ActivitySchema schema = decoders.schemaOf(rec.topic());
                writer.write(partitioner.keyFor(schema.activityType(), d.eventTimeMillis()), schema, d.record(),
                        d.eventTimeMillis(), rec.topic(), rec.partition(), rec.offset());
                written++;
                unknownFields += d.unknownFields();
                newest.saw(rec.topic(), rec.partition(), d.eventTimeMillis());
            } else if (result instanceof DecodeResult.Rejected r) {
                rejects.reject(rec.topic(), rec.partition(), rec.offset(), rec.timestamp(), rec.value(), r.reason());
                rejected++;
                newest.saw(rec.topic(), rec.partition(), rec.timestamp());
                rejectedByKind.merge(r.category(), 1L, Long::sum);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to the warehouse failed: " + e.getMessage(), e);
        }
    }

    private DecodeResult decode(ConsumerRecord<byte[], byte[]> rec) {
        DecodeResult result = decoders.decode(rec);
        if (result instanceof DecodeResult.Decoded d && (d.eventTimeMillis() < earliest || d.eventTimeMillis() > latest)) {
            return new DecodeResult.Rejected("time_out_of_range", "event time " + Instant.ofEpochMilli(d.eventTimeMillis())
                    + " is outside [" + Instant.ofEpochMilli(earliest) + ", " + Instant.ofEpochMilli(latest)
                    + "] (event_time.max_past / max_future from the run's start)");
        }
        return result;
    }
}

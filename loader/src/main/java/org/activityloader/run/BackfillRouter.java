package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.decode.DecodeResult;
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.OffsetRuns;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Step 4 of a backfill for each record it reads again: decoded with the job's schemas as they are
 * now, kept when its hour is one of the backfill's (it goes to that hour's new file), passed over
 * when it belongs to another hour (it stays in that hour's files). A dead letter that decodes now
 * is resolved by the backfill; one that still fails stays a dead letter. What must not happen is
 * counted ({@link BackfillTally}), and stops the backfill before its commit ({@link BackfillVerdict}):
 * a record of a replaced file that fails to decode now or now falls in an hour not chosen (it would be
 * in no file), and a record of another hour's file that now falls in a chosen hour (it would be in
 * two). Where the lineage does not say exactly which offsets the replaced files hold (older
 * catalogs), counts per partition stand in. The event-time window is not applied: the chosen hours
 * are the window.
 */
final class BackfillRouter {
    private final Set<PartitionKey> hours;
    private final TopicDecoders decoders;
    private final HourlyPartitioner partitioner;
    private final BackgroundWriter writer;
    private final Map<TopicPartition, Set<Long>> deadLetterOffsets;
    private final Map<String, DeadLetterRow> deadLetters = new HashMap<>();
    private final Map<TopicPartition, OffsetRuns> replacedOffsets;
    private final List<DeadLetterRow> resolved = new ArrayList<>();
    private final List<String> newRejects = new ArrayList<>();
    private final Map<PartitionKey, List<String>> movedOut = new HashMap<>();
    private final List<String> movedIn = new ArrayList<>();
    private final Map<PartitionKey, Long> keptPerHour = new HashMap<>();
    private final Map<TopicPartition, Long> keptLoaded = new HashMap<>();
    private long read;
    private long kept;
    private long stillRejected;

    BackfillRouter(JobSpec spec, TopicDecoders decoders, BackfillPlan plan, BackgroundWriter writer) {
        this.decoders = decoders;
        this.hours = plan.hours();
        this.partitioner = new HourlyPartitioner(spec.eventTime().zone());
        this.writer = writer;
        this.deadLetterOffsets = plan.deadLetterOffsets();
        this.replacedOffsets = plan.replacedOffsets();
        plan.deadLetters().forEach(d -> deadLetters.put(d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset(), d));
    }

    void accept(ConsumerRecord<byte[], byte[]> rec) {
        read++;
        TopicPartition tp = new TopicPartition(rec.topic(), rec.partition());
        boolean wasRejected = deadLetterOffsets.getOrDefault(tp, Set.of()).contains(rec.offset());
        OffsetRuns replaced = replacedOffsets.get(tp); // null: not known exactly
        boolean wasReplaced = replaced != null && replaced.contains(rec.offset());
        String where = tp + "@" + rec.offset();
        DecodeResult result = decoders.decode(rec);
        if (result instanceof DecodeResult.Rejected r) {
            if (wasRejected) {
                stillRejected++;
            } else if (replaced == null || wasReplaced) {
                newRejects.add(where + ": " + r.reason());
            } // else a record of another hour's file: it stays there, as it is
            return;
        }
        DecodeResult.Decoded d = (DecodeResult.Decoded) result;
        ActivitySchema schema = decoders.schemaOf(rec.topic());
        PartitionKey key = partitioner.keyFor(schema.activityType(), d.eventTimeMillis());
        if (!hours.contains(key)) {
            if (wasReplaced) {
                movedOut.computeIfAbsent(key, k -> new ArrayList<>()).add(where);
            }
            return; // another hour's event: it stays in that hour's files (or dead letters)
        }
        if (!wasRejected && replaced != null && !wasReplaced) {
            movedIn.add(where);
            return;
        }
        try {
            writer.write(key, schema, d.record(), d.eventTimeMillis(), rec.topic(), rec.partition(), rec.offset());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to the warehouse failed: " + e.getMessage(), e);
        }
        kept++;
        keptPerHour.merge(key, 1L, Long::sum);
        if (wasRejected) {
            resolved.add(deadLetters.get(rec.topic() + "-" + rec.partition() + "@" + rec.offset()));
        } else {
            keptLoaded.merge(tp, 1L, Long::sum);
        }
    }

    /** What it found so far (all of it, once the drain is done). */
    BackfillTally tally() {
        return new BackfillTally(read, kept, stillRejected, keptPerHour, keptLoaded, resolved, newRejects, movedOut, movedIn);
    }
}

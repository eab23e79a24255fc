package org.activityloader.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionRange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Step 4 for the runs that read Kafka: drains their ranges, handing each record to the kind's
 * router, with the lease checked and progress shown after every poll. The run's time goes to
 * "poll" (Kafka), "wait" (for the writer) and "decode" (the rest: decoding and routing).
 */
final class KafkaDrain {
    private final RunContext ctx;
    private final Started run;
    private final WriterStack stack;

    KafkaDrain(RunContext ctx, Started run, WriterStack stack) {
        this.ctx = ctx;
        this.run = run;
        this.stack = stack;
    }

    /**
     * The ranges read, each from its start to where the drain stopped, and how many records each partition gave.
     *
     * @param label how progress names the run
     */
    Drained drain(KafkaSource source, String label, List<PartitionRange> ranges, DrainLimits limits,
                  Consumer<ConsumerRecord<byte[], byte[]>> router) {
        long planned = ranges.stream().mapToLong(PartitionRange::size).sum();
        DrainProgress progress = new DrainProgress(label, run.lease(), ctx.clock(), planned, ctx.progress(), System.err);
        Map<TopicPartition, Long> read = new HashMap<>();
        long start = System.nanoTime();
        List<PartitionRange> consumed = source.drain(ranges, limits, batch -> {
            for (ConsumerRecord<byte[], byte[]> rec : batch) {
                router.accept(rec);
            }
            if (!batch.isEmpty()) { // one partition's records of one poll
                read.merge(new TopicPartition(batch.get(0).topic(), batch.get(0).partition()), (long) batch.size(), Long::sum);
            }
        }, progress);
        progress.finish();
        long pollNanos = source.pollTime().toNanos();
        long waitNanos = stack.waitNanos();
        run.stages().add("poll", pollNanos);
        run.stages().add("decode", System.nanoTime() - start - pollNanos - waitNanos);
        run.stages().add("wait", waitNanos);
        return new Drained(consumed, read, source.bytesRead());
    }

    /**
     * What a drain read: the ranges (each from the planned offset to where it stopped, in the plan's
     * order), the records of each partition, and their bytes.
     */
    record Drained(List<PartitionRange> consumed, Map<TopicPartition, Long> readPerPartition, long bytesRead) {
        Drained {
            consumed = List.copyOf(consumed);
            readPerPartition = Map.copyOf(readPerPartition);
        }

        long readFrom(TopicPartition partition) {
            return readPerPartition.getOrDefault(partition, 0L);
        }
    }
}

package org.activityloader.run;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.activityloader.commit.JobLease;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.FaultPoint;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.DeadLetterWriter;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.SealedFile;
import org.activityloader.write.WriteBudget;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Steps 4 and 5 of the commit protocol: drain the planned ranges, decode and route each record
 * ({@link RecordRouter}) to its hour's staging file or to a dead-letter file, then seal every file
 * (closed, synced, its record count read back). This thread polls and decodes, waiting when the
 * writer is behind; the Parquet encoding runs on the writer's thread. Nothing is in the catalog yet.
 */
final class Stager {
    private static final Logger LOG = LoggerFactory.getLogger(Stager.class);

    private final RunContext ctx;
    private final StageTimes stages;

    Stager(RunContext ctx, StageTimes stages) {
        this.ctx = ctx;
        this.stages = stages;
    }

    StagedRun stage(LoadPlan plan, KafkaSource source, JobLease lease, Instant runStart) throws IOException {
        JobSpec spec = ctx.spec();
        String runId = plan.runId();
        try (WriteBudget budget = WriteBudget.forThisJvm();
             PartitioningWriter writer = new PartitioningWriter(ctx.storage(),
                     new FileFormats(ctx.storage(), spec.output().format(), spec.output().compression(), spec.output().rowGroupBytes()),
                     runId, spec.output().maxFileBytes(), spec.output().maxOpenFiles(), budget);
             BackgroundWriter background = new BackgroundWriter(writer, "writer-" + runId);
             DeadLetterWriter rejects = new DeadLetterWriter(ctx.storage(), runId)) {
            RecordRouter router = new RecordRouter(spec, new TopicDecoders(spec, plan.schemas()), runStart, background, rejects);
            DrainLimits limits = new DrainLimits(spec.limits().maxBytes(), spec.limits().maxDuration(),
                    spec.kafka().requestTimeout(), ctx.stopRequested());
            long drainStart = System.nanoTime();
            DrainProgress progress = new DrainProgress(spec.name(), lease, ctx.clock(), plan.drain().records(), ctx.progress(),
                    System.err);
            List<PartitionRange> consumed = source.drain(plan.drain().ranges(), limits, batch -> {
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    router.accept(rec);
                }
            }, progress);
            progress.finish();
            long waitNanos = background.waitNanos();
            stages.add("poll", source.pollTime().toNanos());
            stages.add("decode", System.nanoTime() - drainStart - source.pollTime().toNanos() - waitNanos);
            stages.add("wait", waitNanos);
            background.awaitWritten();
            stages.add("write", background.writeNanos());
            ctx.stopIfRequested(runId);
            ctx.faults().at(FaultPoint.AFTER_STAGING_WRITE);

            long sealStart = System.nanoTime();
            List<SealedFile> files = writer.finish();
            if (writer.budgetFlushes() > 0) {
                LOG.info("run {}: {} row group(s) were written early to keep the open files within {} MB of heap", runId,
                        writer.budgetFlushes(), budget.heapBytes() >> 20);
            }
            if (writer.budgetCloses() > 0) {
                LOG.warn("run {}: {} file(s) were closed early, and others started for their hours, to keep the open files"
                        + " within {} MB of heap: more, smaller files; a larger heap (LOADER_HEAP) or fewer records a run"
                        + " (limits.max_records) makes fewer", runId, writer.budgetCloses(), budget.heapBytes() >> 20);
            }
            if (writer.earlyCloses() > 0) {
                LOG.warn("run {}: {} file(s) were closed early because more than output.max_open_files ({}) hours were"
                        + " written at once, which makes more, smaller files; raise it (it costs file handles, not memory)", runId,
                        writer.earlyCloses(), spec.output().maxOpenFiles());
            }
            List<DeadLetter> deadLetters = rejects.finish();
            stages.add("seal", System.nanoTime() - sealStart);
            return new StagedRun(files, deadLetters, consumed,
                    consumed.stream().map(r -> router.recordsFrom(r.topicPartition())).toList(), router.counts(), source.bytesRead());
        }
    }
}

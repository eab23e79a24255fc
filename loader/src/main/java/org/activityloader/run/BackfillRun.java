package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.commit.Commit;
import org.activityloader.commit.JobLease;
import org.activityloader.commit.RunKind;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.fault.FaultPoint;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.SealedFile;
import org.activityloader.write.WriteBudget;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill: rebuilds chosen hours from Kafka and swaps them in, by the same protocol as a load
 * (1 lease, 2 recover, 3 plan, 4 write, 5 seal, 6 commit, 7 publish). Its lease is the job's
 * backfill lease, not the job's, so regular runs go on beside it (a second backfill of the job waits
 * its turn: exit 3). Its plan comes from lineage ({@link BackfillPlanner}); its commit replaces the
 * files that were live in the hours when it planned (each must still be live: a file a regular run
 * added since, for late events, stays live and untouched), records the backfill, and moves no offset.
 */
public final class BackfillRun {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRun.class);

    private final RunContext ctx;

    public BackfillRun(RunContext ctx) {
        this.ctx = ctx;
    }

    public BackfillResult run(BackfillRequest request) {
        JobSpec spec = ctx.spec();
        StageTimes stages = new StageTimes();
        if (request.dryRun()) {
            // Read only: no lease, no recovery, nothing written; a backfill or a run may go on beside it.
            try (KafkaSource source = stages.time("kafka client", () -> new KafkaSource(spec.kafka(), ctx.clock()))) {
                BackfillPlan plan = stages.time("plan", () -> new LineageReader(spec, ctx.catalog(), source, () -> { }).plan(request));
                return new BackfillResult(plan, Optional.empty(), 0, Map.of(), 0, 0, stages.snapshot());
            }
        }
        String runId = RunIds.next(ctx.clock());
        Instant requestedAt = ctx.clock().instant();
        try (JobLease lease = stages.time("lease", () -> JobLease.acquire(ctx.catalog(),                          // 1
                RunKind.BACKFILL.leaseOf(spec.name()), runId, spec.leaseTimeout(), ctx.clock()))) {
            stages.run("recover", () -> ctx.recovery().recover(spec.name(), runId));                                 // 2
            try (KafkaSource source = stages.time("kafka client", () -> new KafkaSource(spec.kafka(), ctx.clock()))) {
                BackfillPlan plan = stages.time("plan", () ->                                                        // 3
                        new LineageReader(spec, ctx.catalog(), source, lease::checkHeld).plan(request));
                refuseIfIncomplete(plan, request);
                ctx.runs().start(runId, spec.name(), RunKind.BACKFILL);
                Staged staged;
                try {
                    staged = stage(plan, source, lease, runId, stages);                                               // 4, 5
                    refuseIfChanged(plan, staged.router().tally());
                    ctx.faults().at(FaultPoint.AFTER_SEAL);
                    ctx.stopIfRequested(runId);
                } catch (IOException | RuntimeException e) {
                    ctx.runs().fail(runId, e);
                    throw e instanceof IOException io
                            ? new UncheckedIOException("backfill " + runId + " failed writing to the warehouse: " + io.getMessage(), io)
                            : (RuntimeException) e;
                }
                BackfillTally tally = staged.router().tally();
                Commit commit = commitOf(spec.name(), runId, request, plan, staged.files(), tally, requestedAt);
                long version = stages.time("commit", () -> ctx.committer().commit(lease, commit));                  // 6
                ctx.faults().at(FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH);
                stages.run("publish", () -> ctx.publisher().publish(runId));                                         // 7
                LOG.info("backfill {} of job {}: {} hour(s), {} records replaced by {} ({} dead letter(s) resolved)", runId,
                        spec.name(), plan.hours().size(), plan.oldRecords(), tally.kept(), tally.resolved().size());
                return new BackfillResult(plan, Optional.of(runId), tally.kept(), tally.keptPerHour(), tally.resolved().size(), version,
                        stages.snapshot());
            }
        }
    }

    /** Hours whose offsets Kafka no longer holds: refused, unless --allow-partial left them out of the plan. */
    private static void refuseIfIncomplete(BackfillPlan plan, BackfillRequest request) {
        if (plan.partialHours().isEmpty()) {
            return;
        }
        if (request.allowPartial() && plan.hours().isEmpty()) {
            throw new BackfillRefusedException("none of the hours can be rebuilt whole: " + String.join("; ", plan.notRebuilt())
                    + ". Nothing was changed");
        }
        if (request.allowPartial()) {
            return;
        }
        throw new BackfillRefusedException("Kafka no longer holds offsets this backfill needs, so it would not rebuild "
                + plan.partialHours().size() + " hour(s) whole: " + String.join("; ", plan.notRebuilt())
                + ". Nothing was changed; --allow-partial rebuilds the other hours and leaves these as they are");
    }

    /** Before anything is committed: refused if committing would lose, double or reject events that were loaded. */
    private static void refuseIfChanged(BackfillPlan plan, BackfillTally tally) {
        if (BackfillVerdict.of(plan, tally) instanceof BackfillVerdict.Refused refused) {
            throw new BackfillRefusedException(refused.reason());
        }
    }

    private record Staged(List<SealedFile> files, BackfillRouter router) {
    }

    /** Reads the plan's ranges again, keeping the chosen hours' events, into sealed staging files. */
    private Staged stage(BackfillPlan plan, KafkaSource source, JobLease lease, String runId, StageTimes stages) throws IOException {
        JobSpec spec = ctx.spec();
        try (WriteBudget budget = WriteBudget.forThisJvm();
             PartitioningWriter writer = new PartitioningWriter(ctx.storage(),
                     new FileFormats(ctx.storage(), spec.output().format(), spec.output().compression(), spec.output().rowGroupBytes()),
                     runId, spec.output().maxFileBytes(), spec.output().maxOpenFiles(), budget);
             BackgroundWriter background = new BackgroundWriter(writer, "writer-" + runId)) {
            BackfillRouter router = new BackfillRouter(spec, new TopicDecoders(spec, ActivitySchemas.of(spec)), plan, background);
            DrainProgress progress = new DrainProgress(spec.name() + " backfill", lease, ctx.clock(), plan.recordsToRead(),
                    ctx.progress(), System.err);
            // No byte or time limit: a backfill reads its whole plan or commits nothing.
            DrainLimits limits = new DrainLimits(Long.MAX_VALUE, java.time.Duration.ofDays(365), spec.kafka().requestTimeout(),
                    ctx.stopRequested());
            long readStart = System.nanoTime();
            List<org.activityloader.source.PartitionRange> read = source.drain(plan.ranges(), limits, batch -> {
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    router.accept(rec);
                }
            }, progress);
            progress.finish();
            for (int i = 0; i < read.size(); i++) {
                if (read.get(i).to() < plan.ranges().get(i).to()) {
                    ctx.stopIfRequested(runId);
                    throw new IllegalStateException("backfill " + runId + " read " + read.get(i) + " of " + plan.ranges().get(i)
                            + " only; nothing is committed");
                }
            }
            background.awaitWritten();
            stages.add("read", System.nanoTime() - readStart);
            lease.checkHeld();
            ctx.stopIfRequested(runId);
            ctx.faults().at(FaultPoint.AFTER_STAGING_WRITE);
            List<SealedFile> sealed = stages.time("seal", () -> {
                try {
                    return writer.finish();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            lease.checkHeld();
            return new Staged(sealed, router);
        }
    }

    private Commit commitOf(String job, String runId, BackfillRequest request, BackfillPlan plan, List<SealedFile> files,
                            BackfillTally tally, Instant requestedAt) {
        RunCounts counts = new RunCounts(tally.read(), tally.kept(), tally.stillRejected(), 0, files.size(), 0,
                files.stream().mapToLong(SealedFile::bytes).sum());
        String hours = plan.hours().stream().map(PartitionKey::label).sorted().collect(Collectors.joining(", "));
        BackfillRow row = new BackfillRow(runId, job, hours, String.join(",", request.types()), request.reason(), request.requestedBy(),
                requestedAt, plan.oldRecords(), tally.kept(), plan.notRebuilt().isEmpty() ? null : String.join("; ", plan.notRebuilt()));
        return Commit.backfill(row, files, plan.replaced().stream().map(DataFileRow::path).toList(), tally.resolved(), plan.epochs(),
                counts);
    }
}

package org.activityloader.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.commit.Commit;
import org.activityloader.commit.RunKind;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.KafkaDrain.Drained;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A backfill: rebuilds chosen hours from Kafka and swaps them in, by the same protocol as a load
 * ({@link RunTemplate}). Its lease is the job's backfill lease, not the job's, so regular runs go on
 * beside it (a second backfill of the job waits its turn: exit 3). Its plan comes from lineage
 * ({@link BackfillPlanner}); it commits only if reading again changed no event's hour
 * ({@link BackfillVerdict}); its commit replaces the files that were live in the hours when it
 * planned (each must still be live: a file a regular run added since, for late events, stays live
 * and untouched), records the backfill, and moves no offset. A dry run only plans: no lease.
 */
public final class BackfillRun extends RunTemplate<KafkaInput, BackfillPlan, BackfillTally, BackfillResult> {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillRun.class);

    private final BackfillRequest request;

    public BackfillRun(RunContext ctx, BackfillRequest request) {
        super(ctx);
        this.request = request;
    }

    public BackfillResult run() {
        return request.dryRun() ? dryRun() : execute();
    }

    /** Read only: no lease, no recovery, nothing written; a backfill or a run may go on beside it. */
    private BackfillResult dryRun() {
        StageTimes stages = new StageTimes();
        try (KafkaInput input = open(stages)) {
            BackfillPlan plan = stages.time("plan", () -> new LineageReader(ctx.spec(), ctx.catalog(), input.kafka(), () -> { })
                    .plan(request));
            return new BackfillResult(plan, Optional.empty(), 0, Map.of(), 0, 0, stages.snapshot());
        }
    }

    @Override
    RunKind kind() {
        return RunKind.BACKFILL;
    }

    @Override
    KafkaInput open(StageTimes stages) {
        return stages.time("kafka client", () -> new KafkaInput(new KafkaSource(ctx.spec().kafka(), ctx.clock())));
    }

    /** Planned from lineage, the lease renewed between its many reads; refused (no run row) if it cannot rebuild its hours whole. */
    @Override
    BackfillPlan plan(Started run, KafkaInput input) {
        BackfillPlan plan = run.stages().time("plan", () ->
                new LineageReader(ctx.spec(), ctx.catalog(), input.kafka(), run.lease()::checkHeld).plan(request));
        refuseIfIncomplete(plan);
        SchemaCheck.warnOfOlderVersions(ctx.catalog(), ctx.spec().name(), ActivitySchemas.of(ctx.spec()), plan.hours());
        return plan;
    }

    /** Hours whose offsets Kafka no longer holds: refused, unless --allow-partial left them out of the plan. */
    private void refuseIfIncomplete(BackfillPlan plan) {
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

    /** Reads the plan's ranges again, keeping the chosen hours' events; no byte or time limit: it reads its whole plan or commits nothing. */
    @Override
    BackfillTally write(Started run, BackfillPlan plan, KafkaInput input, WriterStack stack) {
        JobSpec spec = ctx.spec();
        BackfillRouter router = new BackfillRouter(spec, new TopicDecoders(spec, ActivitySchemas.of(spec)), plan, stack.writer());
        DrainLimits limits = new DrainLimits(Long.MAX_VALUE, Duration.ofDays(365), spec.kafka().requestTimeout(), ctx.stopRequested());
        Drained drained = new KafkaDrain(ctx, run, stack).drain(input.kafka(), spec.name() + " backfill", plan.ranges(), limits,
                router::accept);
        for (int i = 0; i < drained.consumed().size(); i++) {
            if (drained.consumed().get(i).to() < plan.ranges().get(i).to()) {
                ctx.stopIfRequested(run.runId());
                throw new IllegalStateException("backfill " + run.runId() + " read " + drained.consumed().get(i) + " of "
                        + plan.ranges().get(i) + " only; nothing is committed");
            }
        }
        return router.tally();
    }

    /** Before anything is committed: refused if committing would lose, double or reject events that were loaded. */
    @Override
    void validate(Started run, BackfillPlan plan, Staged<BackfillTally> staged) {
        if (BackfillVerdict.of(plan, staged.tally()) instanceof BackfillVerdict.Refused refused) {
            throw new BackfillRefusedException(refused.reason());
        }
        SchemaCheck.register(ctx.catalog(), ActivitySchemas.of(ctx.spec()), run.runId());
    }

    @Override
    Commit commit(Started run, BackfillPlan plan, Staged<BackfillTally> staged) {
        BackfillTally tally = staged.tally();
        RunCounts counts = new RunCounts(tally.read(), tally.kept(), tally.stillRejected(), 0, staged.files().size(), 0,
                staged.bytesWritten());
        String hours = plan.hours().stream().map(PartitionKey::label).sorted().collect(Collectors.joining(", "));
        BackfillRow row = new BackfillRow(run.runId(), ctx.spec().name(), hours, String.join(",", request.types()), request.reason(),
                request.requestedBy(), run.at(), plan.oldRecords(), tally.kept(),
                plan.notRebuilt().isEmpty() ? null : String.join("; ", plan.notRebuilt()));
        List<String> replaced = plan.replaced().stream().map(DataFileRow::path).toList();
        return Commit.backfill(row, staged.files(), replaced, tally.resolved(), plan.epochs(), counts);
    }

    @Override
    BackfillResult result(Started run, BackfillPlan plan, Staged<BackfillTally> staged, Published published) {
        BackfillTally tally = staged.tally();
        LOG.info("backfill {} of job {}: {} hour(s), {} records replaced by {} ({} dead letter(s) resolved)", run.runId(),
                ctx.spec().name(), plan.hours().size(), plan.oldRecords(), tally.kept(), tally.resolved().size());
        return new BackfillResult(plan, Optional.of(run.runId()), tally.kept(), tally.keptPerHour(), tally.resolved().size(),
                published.version(), run.stages().snapshot());
    }
}

package org.activityloader.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.commit.Commit;
import org.activityloader.commit.Completeness;
import org.activityloader.commit.JobLease;
import org.activityloader.commit.OffsetAdvance;
import org.activityloader.commit.RunKind;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.fault.Faults;
import org.activityloader.partition.HourCompleteness;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.KafkaDrain.Drained;
import org.activityloader.source.ConsumerGroupMirror;
import org.activityloader.source.DeadLetterForwarder;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.OffsetGap;
import org.activityloader.source.PartitionRange;
import org.activityloader.source.Shard;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.Storage;
import org.apache.kafka.common.TopicPartition;

/**
 * A regular load of a job, or of one of its shards, by the commit protocol's steps ({@link
 * RunTemplate}): it holds the job's lease (or its shard's), plans from the stored offsets and
 * Kafka's ({@link LoadPlanner}), routes each record to its hour's file or to a dead letter ({@link
 * RecordRouter}), replaces no file, advances the job's
 * offsets and its partitions' watermarks, which complete its hours. With nothing to load, no hour
 * to complete and no partition to move past an open hour (a shard's, see {@link #nothingToDo}) it
 * leaves no run row.
 */
public final class LoadRun extends RunTemplate<KafkaInput, LoadPlan, LoadTally, RunSummary> {
    private final CompletableFuture<KafkaSource> kafkaAhead;
    private final Shard shard;

    public LoadRun(RunContext ctx) {
        this(ctx, null, Shard.WHOLE);
    }

    /**
     * @param kafkaAhead a source opened before the catalog, reading the job's logs meanwhile ({@link KafkaSource#openAhead}), or null
     * @param shard      the job's partitions this run loads: {@link Shard#WHOLE}, or one of its {@code shards}
     */
    public LoadRun(RunContext ctx, CompletableFuture<KafkaSource> kafkaAhead, Shard shard) {
        super(ctx);
        this.kafkaAhead = kafkaAhead;
        this.shard = shard;
    }

    public LoadRun(JobSpec spec, Catalog catalog, Storage storage, Clock clock, Faults faults, BooleanSupplier stopRequested) {
        this(new RunContext(spec, catalog, storage, clock, faults, stopRequested, ProgressMode.LINES));
    }

    public RunSummary run() {
        return execute();
    }

    @Override
    RunKind kind() {
        return RunKind.LOAD;
    }

    /** The shard's lease, which excludes the whole job's (operator commands hold that one). */
    @Override
    JobLease lease(String runId) {
        return JobLease.acquireLoad(ctx.catalog(), ctx.spec().name(), shard, runId, ctx.spec().leaseTimeout(), ctx.clock());
    }

    @Override
    KafkaInput open(StageTimes stages) {
        return stages.time("kafka client", () -> new KafkaInput(kafka()));
    }

    private KafkaSource kafka() {
        if (kafkaAhead == null) {
            return new KafkaSource(ctx.spec().kafka(), ctx.clock());
        }
        try {
            return kafkaAhead.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    @Override
    LoadPlan plan(Started run, KafkaInput input) {
        LoadPlan plan = new LoadPlanner(ctx, run.stages()).plan(run.runId(), input.kafka(), shard);
        SchemaCheck.refuseIncompatible(ctx.catalog(), ctx.spec().name(), plan.schemas()); // before a record is read
        return plan;
    }

    /** A load that cannot plan (a recreated topic, gaps with on_gap: fail) is kept as failed. */
    @Override
    boolean keepsFailedPlans() {
        return true;
    }

    /**
     * Every partition is at its end offset: nothing to stage or commit. No run row and no catalog
     * version (cron every few minutes on a quiet topic would bury the runs that did something);
     * when the job was last looked at is kept for status and alerts.
     */
    @Override
    Optional<RunSummary> nothingToDo(Started run, LoadPlan plan) {
        if (plan.drain().records() > 0 || !plan.drain().gaps().isEmpty() || movesHours(run, plan)) {
            return Optional.empty();
        }
        String job = ctx.spec().name();
        Instant now = ctx.clock().instant();
        ctx.catalog().runs().noteNothingToLoad(job, now);
        long version = ctx.catalog().versions().current(job);
        return Optional.of(new RunSummary(job, run.runId(), new RunCounts(0, 0, 0, 0, 0, 0, 0), List.of(), run.recovered(),
                Duration.between(run.at(), ctx.clock().instant()), run.stages().snapshot(), version, Map.of(), Map.of(), false,
                List.of(), ctx.gc().gcShare()));
    }

    /**
     * Whether a run that reads nothing would complete hours (its partitions caught up now), or move one
     * of its partitions past an open hour that another shard's partitions still hold open: then it
     * commits, to do so (once per hour and shard at most: the stored watermark is past it after). Not
     * while another run publishes into the hour: the first run after completes it.
     */
    private boolean movesHours(Started run, LoadPlan plan) {
        Completeness decided = completeness(run, plan, plan.drain().ranges(), Map.of());
        Map<TopicPartition, Instant> stored = ctx.catalog().hours().watermarks(ctx.spec().name());
        Map<TopicPartition, Instant> after = decided.after(stored);
        Set<PartitionKey> publishing = ctx.catalog().hours().withUnpublishedFiles(ctx.spec().name(), run.runId());
        return ctx.catalog().hours().open(ctx.spec().name()).stream()
                .anyMatch(h -> decided.completes(h, after, publishing) || !publishing.contains(h.key()) && decided.lifts(h, stored));
    }

    /** Step 4: drain the planned ranges, each record decoded and routed; the job's limits cap the drain. */
    @Override
    LoadTally write(Started run, LoadPlan plan, KafkaInput input, WriterStack stack) {
        JobSpec spec = ctx.spec();
        RecordRouter router = new RecordRouter(spec, new TopicDecoders(spec, plan.schemas()), run.at(), stack.writer(),
                stack.rejects());
        DrainLimits limits = new DrainLimits(spec.limits().maxBytes(), spec.limits().maxDuration(), spec.kafka().requestTimeout(),
                ctx.stopRequested());
        Drained drained = new KafkaDrain(ctx, run, stack).drain(input.kafka(), spec.name(), plan.drain().ranges(), limits,
                router::accept);
        return new LoadTally(drained, router.counts(), router.newest().byPartition());
    }

    @Override
    void validate(Started run, LoadPlan plan, Staged<LoadTally> staged) {
        SchemaCheck.register(ctx.catalog(), plan.schemas(), plan.runId());
        checkRejectRatio(staged.tally().records());
    }

    /** A load's commit: no file replaced; offsets advanced to where the drain stopped, from where the plan started. */
    @Override
    Commit commit(Started run, LoadPlan plan, Staged<LoadTally> staged) {
        String runId = run.runId();
        Drained drained = staged.tally().drained();
        List<OffsetAdvance> advances = new ArrayList<>();
        List<CommittedRange> ranges = new ArrayList<>();
        for (PartitionRange r : drained.consumed()) {
            advances.add(new OffsetAdvance(r.topicPartition(), plan.drain().expectedOffset(r.topicPartition()), r.to(),
                    plan.drain().topicId(r.topic())));
            if (!r.isEmpty()) {
                ranges.add(new CommittedRange(runId, r.topic(), r.partition(), plan.stored().epoch(r.topicPartition()),
                        r.from(), r.to(), drained.readFrom(r.topicPartition()), plan.drain().topicId(r.topic())));
            }
        }
        List<OffsetGapRow> gaps = new ArrayList<>();
        for (OffsetGap g : plan.drain().gaps()) {
            gaps.add(new OffsetGapRow(runId, g.topic(), g.partition(), plan.stored().epoch(g.topicPartition()), g.from(), g.to()));
        }
        List<DeadLetterRow> deadLetters = new ArrayList<>();
        for (DeadLetter d : staged.deadLetters()) {
            deadLetters.add(new DeadLetterRow(runId, d.topic(), d.partition(), plan.stored().epoch(d.topicPartition()),
                    d.offset(), truncate(d.reason(), 1000), d.filePath()));
        }
        RecordCounts records = staged.tally().records();
        RunCounts counts = new RunCounts(records.read(), records.written(), records.rejected(), records.unknownFields(),
                staged.files().size(), drained.bytesRead(), staged.bytesWritten());
        return Commit.load(ctx.spec().name(), runId, staged.files(), advances, ranges, gaps, deadLetters, counts)
                .withCompleteness(completeness(run, plan, drained.consumed(), staged.tally().newest()));
    }

    /** What the commit decides hours from: how far each partition got in event time, or caught up at the run's start. */
    private Completeness completeness(Started run, LoadPlan plan, List<PartitionRange> consumed, Map<TopicPartition, Instant> newest) {
        Map<TopicPartition, Instant> reached = new HashMap<>();
        for (PartitionRange r : consumed) {
            HourCompleteness.reached(Optional.ofNullable(newest.get(r.topicPartition())), plan.drain().caughtUp(r), run.at())
                    .ifPresent(w -> reached.put(r.topicPartition(), w));
        }
        Map<String, String> typeOfTopic = new HashMap<>();
        ctx.spec().topics().forEach(t -> typeOfTopic.put(t.topic(), t.activityType()));
        Map<String, List<TopicPartition>> sources = new HashMap<>();
        plan.jobPartitions().forEach(tp -> sources.computeIfAbsent(typeOfTopic.get(tp.topic()), t -> new ArrayList<>()).add(tp));
        return new Completeness(new HourCompleteness(ctx.spec().eventTime().zone(), ctx.spec().hours().allowedLateness()), reached,
                sources);
    }

    /**
     * The run's dead letters sent to the job's dead-letter topic, and the loaded offsets copied into its
     * consumer group for Kafka's tools: after the catalog commit, copies, never the truth.
     */
    @Override
    List<String> afterPublish(Started run, Commit commit, long version) {
        List<String> warnings = new ArrayList<>(guarded("copying the loaded offsets into the consumer group", () ->
                new ConsumerGroupMirror(ctx.spec().kafka()).mirror(ctx.catalog().offsets().of(ctx.spec().name()).all().stream()
                                .filter(o -> shard.owns(o.topicPartition())).toList(), // other shards copy their own
                        ctx.spec().topics().stream().map(TopicBinding::topic).collect(Collectors.toSet()),
                        "activity-loader run " + run.runId() + ", catalog version " + version, run.lease()::held)));
        warnings.addAll(guarded("sending the dead letters to dead_letters.topic", () ->
                new DeadLetterForwarder(ctx.spec().kafka(), ctx.storage()).forward(run.runId(), commit.deadLetters(), ctx.stopRequested())));
        return warnings;
    }

    @Override
    RunSummary result(Started run, LoadPlan plan, Staged<LoadTally> staged, Published published) {
        Map<String, Long> readByTopic = new TreeMap<>();
        Drained drained = staged.tally().drained();
        drained.consumed().forEach(r -> readByTopic.merge(r.topic(), drained.readFrom(r.topicPartition()), Long::sum));
        return new RunSummary(ctx.spec().name(), run.runId(), published.commit().counts(), plan.drain().gaps(), run.recovered(),
                Duration.between(run.at(), ctx.clock().instant()), run.stages().snapshot(), published.version(), readByTopic,
                staged.tally().records().rejectedByKind(), true, published.warnings(), ctx.gc().gcShare());
    }

    private void checkRejectRatio(RecordCounts records) {
        double limit = ctx.spec().limits().maxRejectRatio();
        if (records.read() > 0 && (double) records.rejected() / records.read() > limit) {
            throw new RejectRatioException(String.format(Locale.ROOT,
                    "%,d of %,d records (%.1f%%) were rejected, more than limits.max_reject_ratio (%.1f%%): nothing is"
                            + " committed. See the reasons with the dead_letters report of a good run, or in this run's log;"
                            + " fix the producer or raise the limit (--set limits.max_reject_ratio=...)",
                    records.rejected(), records.read(), 100.0 * records.rejected() / records.read(), 100 * limit));
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}

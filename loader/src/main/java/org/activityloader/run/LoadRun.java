package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.catalog.JobVersionDao;
import org.activityloader.catalog.RunDao;
import org.activityloader.catalog.SchemaDao;
import org.activityloader.commit.Commit;
import org.activityloader.commit.JobLease;
import org.activityloader.commit.OffsetAdvance;
import org.activityloader.commit.RunKind;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.OffsetGap;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.Storage;

/**
 * A regular load of a job, as the commit protocol's steps (the README's Guarantees; DESIGN.md section 4): 1 lease,
 * 2 recover, 3 plan, 4 write and 5 seal (stage), 6 commit, 7 publish. It replaces no file and
 * advances the job's offsets.
 */
public final class LoadRun {
    private final RunContext ctx;
    private final java.util.concurrent.CompletableFuture<KafkaSource> kafkaAhead;

    public LoadRun(RunContext ctx) {
        this(ctx, null);
    }

    /** @param kafkaAhead a source opened before the catalog, reading the job's logs meanwhile ({@link KafkaSource#openAhead}) */
    public LoadRun(RunContext ctx, java.util.concurrent.CompletableFuture<KafkaSource> kafkaAhead) {
        this.ctx = ctx;
        this.kafkaAhead = kafkaAhead;
    }

    public LoadRun(JobSpec spec, Catalog catalog, Storage storage, Clock clock, Faults faults, BooleanSupplier stopRequested) {
        this(new RunContext(spec, catalog, storage, clock, faults, stopRequested, ProgressMode.LINES));
    }

    public RunSummary run() {
        JobSpec spec = ctx.spec();
        Instant started = ctx.clock().instant();
        String runId = RunIds.next(ctx.clock());
        StageTimes stages = new StageTimes();
        try (JobLease lease = stages.time("lease", () ->                                                              // 1
                JobLease.acquire(ctx.catalog(), spec.name(), runId, spec.leaseTimeout(), ctx.clock()))) {
            List<String> recovered = stages.time("recover", () -> ctx.recovery().recover(spec.name(), runId));       // 2
            LoadPlan plan;
            StagedRun staged;
            try (KafkaSource source = stages.time("kafka client", this::kafka)) {
                try {
                    plan = new LoadPlanner(ctx, stages).plan(runId, source);                                          // 3
                } catch (RuntimeException e) { // a run that cannot plan (a recreated topic, gaps with on_gap: fail) is kept as failed
                    ctx.runs().start(runId, spec.name(), RunKind.LOAD);
                    ctx.runs().fail(runId, e);
                    throw e;
                }
                if (plan.drain().records() == 0 && plan.drain().gaps().isEmpty()) {
                    return nothingToLoad(runId, recovered, started, stages);
                }
                ctx.runs().start(runId, spec.name(), RunKind.LOAD);
                try {
                    staged = new Stager(ctx, stages).stage(plan, source, lease, started);                            // 4, 5
                    registerSchemas(plan);
                    ctx.faults().at(FaultPoint.AFTER_SEAL);
                    ctx.stopIfRequested(runId);
                    checkRejectRatio(staged.records());
                } catch (IOException | RuntimeException e) {
                    ctx.runs().fail(runId, e);
                    throw e instanceof IOException io
                            ? new UncheckedIOException("run " + runId + " failed writing to the warehouse: " + io.getMessage(), io)
                            : (RuntimeException) e;
                }
            }
            lease.checkHeld();
            Commit commit = commitOf(plan, staged);
            long version = stages.time("commit", () -> ctx.committer().commit(lease, commit));                      // 6
            ctx.faults().at(FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH);
            List<String> warnings = stages.time("publish", () -> ctx.publisher().publish(runId));                   // 7
            Map<String, Long> readByTopic = new TreeMap<>();
            for (int i = 0; i < staged.consumed().size(); i++) {
                readByTopic.merge(staged.consumed().get(i).topic(), staged.readPerPartition().get(i), Long::sum);
            }
            return new RunSummary(spec.name(), runId, commit.counts(), plan.drain().gaps(), recovered,
                    Duration.between(started, ctx.clock().instant()), stages.snapshot(), version, readByTopic,
                    staged.records().rejectedByKind(), true, warnings, ctx.gc().gcShare());
        }
    }

    /**
     * Every partition is at its end offset: nothing to stage or commit. No run row and no catalog
     * version (cron every few minutes on a quiet topic would bury the runs that did something);
     * when the job was last looked at is kept for status and alerts.
     */
    private RunSummary nothingToLoad(String runId, List<String> recovered, Instant started, StageTimes stages) {
        String job = ctx.spec().name();
        Instant now = ctx.clock().instant();
        ctx.catalog().withDao(RunDao.class, d -> {
            if (d.updateChecked(job, now) == 0) {
                d.insertChecked(job, now);
            }
            return null;
        });
        long version = ctx.catalog().withDao(JobVersionDao.class, d -> d.current(job)).orElse(0L);
        return new RunSummary(job, runId, new RunCounts(0, 0, 0, 0, 0, 0, 0), List.of(), recovered,
                Duration.between(started, ctx.clock().instant()), stages.snapshot(), version, Map.of(), Map.of(), false, List.of(), ctx.gc().gcShare());
    }

    private KafkaSource kafka() {
        if (kafkaAhead == null) {
            return new KafkaSource(ctx.spec().kafka(), ctx.clock());
        }
        try {
            return kafkaAhead.join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A load's commit: no file replaced; offsets advanced to where the drain stopped, from where the plan started. */
    private Commit commitOf(LoadPlan plan, StagedRun staged) {
        String runId = plan.runId();
        List<OffsetAdvance> advances = new ArrayList<>();
        List<CommittedRange> ranges = new ArrayList<>();
        for (int i = 0; i < staged.consumed().size(); i++) {
            PartitionRange r = staged.consumed().get(i);
            advances.add(new OffsetAdvance(r.topicPartition(), plan.drain().expectedOffset(r.topicPartition()), r.to(),
                    plan.drain().topicId(r.topic())));
            if (!r.isEmpty()) {
                ranges.add(new CommittedRange(runId, r.topic(), r.partition(), plan.stored().epoch(r.topicPartition()),
                        r.from(), r.to(), staged.readPerPartition().get(i), plan.drain().topicId(r.topic())));
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
        RecordCounts records = staged.records();
        RunCounts counts = new RunCounts(records.read(), records.written(), records.rejected(), records.unknownFields(),
                staged.files().size(), staged.bytesRead(), staged.bytesWritten());
        return Commit.load(ctx.spec().name(), runId, staged.files(), advances, ranges, gaps, deadLetters, counts);
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

    /** Every schema files are written with, by fingerprint; a concurrent first use by another job is fine. */
    private void registerSchemas(LoadPlan plan) {
        for (ActivitySchema s : plan.schemas().all()) {
            try {
                ctx.catalog().withDao(SchemaDao.class, d -> {
                    if (d.count(s.fingerprint()) == 0) {
                        d.insert(s.fingerprint(), s.activityType(), s.schema().toString(), plan.runId());
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                if (ctx.catalog().withDao(SchemaDao.class, d -> d.count(s.fingerprint())) == 0) {
                    throw e;
                }
            }
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}

package org.activityloader.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterDao;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileDao;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.OffsetDao;
import org.activityloader.catalog.RangeDao;
import org.activityloader.catalog.RunCounts;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.commit.Commit;
import org.activityloader.commit.JobLease;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.fault.FaultPoint;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionLog;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.SealedFile;
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
        String runId = RunIds.next(ctx.clock());
        Instant requestedAt = ctx.clock().instant();
        try (JobLease lease = JobLease.acquire(ctx.catalog(), Commit.leaseOf(spec.name(), Commit.BACKFILL), runId,    // 1
                spec.leaseTimeout(), ctx.clock())) {
            ctx.recovery().recover(spec.name(), runId);                                                               // 2
            try (KafkaSource source = new KafkaSource(spec.kafka(), ctx.clock())) {
                BackfillPlan plan = plan(request, source);                                                            // 3
                if (request.dryRun()) {
                    return new BackfillResult(plan, Optional.empty(), 0, Map.of(), 0, 0);
                }
                if (!plan.notRebuilt().isEmpty() && !request.allowPartial()) {
                    throw new BackfillRefusedException("Kafka no longer holds offsets this backfill needs, so it would not"
                            + " rebuild the hours whole: " + String.join("; ", plan.notRebuilt())
                            + ". Nothing was changed; --allow-partial rebuilds what is left and records what is missing");
                }
                ctx.runs().start(runId, spec.name(), Commit.BACKFILL);
                Staged staged;
                try {
                    staged = stage(plan, source, lease, runId);                                                       // 4, 5
                    BackfillRouter router = staged.router();
                    if (!router.newRejects.isEmpty()) {
                        throw new BackfillRefusedException(router.newRejects.size() + " record(s) that were loaded before"
                                + " fail to decode now (first: " + router.newRejects.get(0) + "); a backfill never turns a loaded"
                                + " event into a reject. Nothing is committed; fix the schema or the code and backfill again");
                    }
                    ctx.faults().at(FaultPoint.AFTER_SEAL);
                    ctx.stopIfRequested(runId);
                } catch (IOException | RuntimeException e) {
                    ctx.runs().fail(runId, e);
                    throw e instanceof IOException io
                            ? new UncheckedIOException("backfill " + runId + " failed writing to the warehouse: " + io.getMessage(), io)
                            : (RuntimeException) e;
                }
                BackfillRouter router = staged.router();
                Commit commit = commitOf(spec.name(), runId, request, plan, staged.files(), router, requestedAt);
                long version = ctx.committer().commit(lease, commit);                                                 // 6
                ctx.faults().at(FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH);
                ctx.publisher().publish(runId);                                                                       // 7
                LOG.info("backfill {} of job {}: {} hour(s), {} records replaced by {} ({} dead letter(s) resolved)", runId,
                        spec.name(), plan.hours().size(), plan.oldRecords(), router.kept, router.resolved.size());
                return new BackfillResult(plan, Optional.of(runId), router.kept, Map.copyOf(router.keptPerHour),
                        router.resolved.size(), version);
            }
        }
    }

    private BackfillPlan plan(BackfillRequest request, KafkaSource source) {
        JobSpec spec = ctx.spec();
        String job = spec.name();
        List<DataFileRow> files = new ArrayList<>();
        List<PartitionKey> withoutFiles = new ArrayList<>();
        for (PartitionKey hour : request.hours()) {
            List<DataFileRow> live = ctx.catalog().withDao(FileDao.class, d -> d.liveInHour(job, hour.activityType(), hour.date(), hour.hour()));
            files.addAll(live);
            if (live.isEmpty()) {
                withoutFiles.add(hour);
            }
        }
        List<String> paths = files.stream().map(DataFileRow::path).toList();
        List<FileSourceRow> sources = paths.isEmpty() ? List.of() : ctx.catalog().withDao(FileDao.class, d -> d.sourcesOf(paths));
        List<String> runs = files.stream().map(DataFileRow::runId).distinct().toList();
        Set<String> topics = request.hours().stream().map(PartitionKey::activityType).distinct()
                .flatMap(type -> spec.topics().stream().filter(t -> t.activityType().equals(type)).map(TopicBinding::topic))
                .collect(Collectors.toSet());
        List<DeadLetterRow> deadLetters = runs.isEmpty() ? List.of()
                : ctx.catalog().withDao(DeadLetterDao.class, d -> d.unresolvedOfRuns(job, runs)).stream()
                        .filter(d -> topics.contains(d.topic())).toList();
        Set<String> runSet = new HashSet<>(runs);
        List<CommittedRange> ranges = ctx.catalog().withDao(RangeDao.class, d -> d.committed(job)).stream()
                .filter(r -> runSet.contains(r.runId())).toList();
        StoredOffsets stored = StoredOffsets.of(ctx.catalog().withDao(OffsetDao.class, d -> d.forJob(job)));
        Map<TopicPartition, PartitionLog> logs = new LinkedHashMap<>();
        source.logs(List.copyOf(topics)).forEach(l -> logs.put(l.topicPartition(), l));
        BackfillPlan plan = BackfillPlanner.plan(job, request.hours(), files, sources, deadLetters, ranges, stored,
                fromTimes(withoutFiles, request, source, logs), logs);
        // Every unresolved dead letter in the ranges read, whichever run rejected it: one that decodes
        // into a chosen hour now must be resolved, or its event would be both a dead letter and in a file.
        List<DeadLetterRow> inRanges = new ArrayList<>();
        for (org.activityloader.source.PartitionRange r : plan.ranges()) {
            inRanges.addAll(ctx.catalog().withDao(DeadLetterDao.class, d -> d.unresolvedIn(job, r.topic(), r.partition(),
                    stored.epoch(r.topicPartition()), r.from(), r.to())));
        }
        return plan.withDeadLetters(inRanges);
    }

    /** For hours never loaded: per partition of their topics, the offsets whose Kafka timestamps fall in the hour, widened by the lateness. */
    private Map<PartitionKey, Map<TopicPartition, long[]>> fromTimes(List<PartitionKey> hours, BackfillRequest request,
                                                                     KafkaSource source, Map<TopicPartition, PartitionLog> logs) {
        Map<PartitionKey, Map<TopicPartition, long[]>> out = new HashMap<>();
        for (PartitionKey hour : hours) {
            ZonedDateTime start = hour.date().atTime(hour.hour(), 0).atZone(ctx.spec().eventTime().zone());
            long from = start.toInstant().minus(request.lateness()).toEpochMilli();
            long to = start.plusHours(1).toInstant().plus(request.lateness()).toEpochMilli();
            Map<TopicPartition, Long> fromTs = new HashMap<>();
            Map<TopicPartition, Long> toTs = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            for (PartitionLog l : logs.values()) {
                if (ctx.spec().topics().stream().anyMatch(t -> t.topic().equals(l.topic()) && t.activityType().equals(hour.activityType()))) {
                    fromTs.put(l.topicPartition(), from);
                    toTs.put(l.topicPartition(), to);
                    ends.put(l.topicPartition(), l.logEnd());
                }
            }
            Map<TopicPartition, Long> a = source.offsetsAtOrAfter(fromTs, ends);
            Map<TopicPartition, Long> b = source.offsetsAtOrAfter(toTs, ends);
            Map<TopicPartition, long[]> ranges = new HashMap<>();
            a.forEach((tp, first) -> ranges.put(tp, new long[] {first, b.getOrDefault(tp, first)}));
            out.put(hour, ranges);
        }
        return out;
    }

    private record Staged(List<SealedFile> files, BackfillRouter router) {
    }

    /** Reads the plan's ranges again, keeping the chosen hours' events, into sealed staging files. */
    private Staged stage(BackfillPlan plan, KafkaSource source, JobLease lease, String runId) throws IOException {
        JobSpec spec = ctx.spec();
        try (PartitioningWriter writer = new PartitioningWriter(ctx.storage(),
                     new FileFormats(ctx.storage(), spec.output().format(), spec.output().compression(), spec.output().rowGroupBytes()),
                     runId, spec.output().maxFileBytes(), spec.output().maxOpenFiles());
             BackgroundWriter background = new BackgroundWriter(writer, "writer-" + runId)) {
            BackfillRouter router = new BackfillRouter(spec, schemas(spec), plan, background);
            DrainProgress progress = new DrainProgress(spec.name() + " backfill", lease, ctx.clock(), plan.recordsToRead(),
                    ctx.progress(), System.err);
            // No byte or time limit: a backfill reads its whole plan or commits nothing.
            DrainLimits limits = new DrainLimits(Long.MAX_VALUE, java.time.Duration.ofDays(365), spec.kafka().requestTimeout(),
                    ctx.stopRequested());
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
            ctx.stopIfRequested(runId);
            ctx.faults().at(FaultPoint.AFTER_STAGING_WRITE);
            return new Staged(writer.finish(), router);
        }
    }

    private Commit commitOf(String job, String runId, BackfillRequest request, BackfillPlan plan, List<SealedFile> files,
                            BackfillRouter router, Instant requestedAt) {
        RunCounts counts = new RunCounts(router.read, router.kept, router.stillRejected, 0, files.size(), 0,
                files.stream().mapToLong(SealedFile::bytes).sum());
        String hours = plan.hours().stream().map(PartitionKey::label).sorted().collect(Collectors.joining(", "));
        BackfillRow row = new BackfillRow(runId, job, hours, String.join(",", request.types()), request.reason(), request.requestedBy(),
                requestedAt, plan.oldRecords(), router.kept, plan.notRebuilt().isEmpty() ? null : String.join("; ", plan.notRebuilt()));
        return new Commit(job, runId, Commit.BACKFILL, files, plan.replaced().stream().map(DataFileRow::path).toList(), List.of(),
                List.of(), List.of(), List.of(), counts, router.resolved, Optional.of(row), plan.epochs());
    }

    private static ActivitySchemas schemas(JobSpec spec) {
        return ActivitySchemas.load(spec.schemasDir(), spec.topics().stream().map(TopicBinding::activityType).distinct().toList());
    }
}

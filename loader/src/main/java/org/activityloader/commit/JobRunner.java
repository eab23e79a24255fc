package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterDao;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileDao;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.LeaseDao;
import org.activityloader.catalog.OffsetDao;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RangeDao;
import org.activityloader.catalog.RunCounts;
import org.activityloader.catalog.RunDao;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.SchemaDao;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.ConfigException;
import org.activityloader.config.GapPolicy;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.source.DrainLimits;
import org.activityloader.source.DrainPlan;
import org.activityloader.source.DrainPlanner;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.OffsetGap;
import org.activityloader.source.PartitionOffsets;
import org.activityloader.source.StoredPosition;
import org.activityloader.source.SourceException;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.DeadLetterWriter;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.SealedFile;
import org.activityloader.write.SourceSpan;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a job, following the commit protocol (DESIGN.md section 4): lease, recover, plan,
 * write to staging, seal, commit in one catalog transaction, publish, clean up.
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final JobSpec spec;
    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;
    private final Faults faults;
    private final BooleanSupplier stopRequested;
    private final Publisher publisher;

    public JobRunner(JobSpec spec, Catalog catalog, Storage storage, Clock clock, Faults faults,
                     BooleanSupplier stopRequested) {
        this.spec = spec;
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
        this.faults = faults;
        this.stopRequested = stopRequested;
        this.publisher = new Publisher(catalog, storage, clock, faults);
    }

    public RunSummary run() {
        Instant started = clock.instant();
        String runId = RunIds.next(clock);
        JobLease lease = JobLease.acquire(catalog, spec.name(), runId, spec.leaseTimeout(), clock);
        try {
            List<String> recovered = new Recovery(catalog, publisher, storage, clock).recover(spec.name(), runId);
            catalog.withDao(RunDao.class, d -> {
                d.insertRunning(runId, spec.name(), started);
                return null;
            });
            return load(runId, lease, started, recovered);
        } finally {
            try {
                lease.release();
            } catch (RuntimeException e) {
                LOG.warn("could not release the lease of job {} (it expires by itself): {}", spec.name(), e.getMessage());
            }
        }
    }

    private RunSummary load(String runId, JobLease lease, Instant started, List<String> recovered) {
        ActivitySchemas schemas = ActivitySchemas.load(spec.schemasDir(),
                spec.topics().stream().map(TopicBinding::activityType).distinct().toList());
        StageTimes stages = new StageTimes();
        Map<String, Integer> epochs = new HashMap<>();
        RecordRouter router;
        List<PartitionRange> consumed;
        DrainPlan plan;
        List<SealedFile> files;
        List<DeadLetter> deadLetters;
        long bytesRead;
        try (KafkaSource source = new KafkaSource(spec.kafka(), clock);
             PartitioningWriter writer = new PartitioningWriter(storage,
                     new FileFormats(storage, spec.output().format(), spec.output().compression(), spec.output().rowGroupBytes()),
                     runId, spec.output().maxFileBytes(), spec.output().maxOpenFiles());
             BackgroundWriter background = new BackgroundWriter(writer, "writer-" + runId);
             DeadLetterWriter rejects = new DeadLetterWriter(storage, runId)) {
            router = new RecordRouter(spec, schemas, started, background, rejects);
            Map<String, StoredPosition> stored = new HashMap<>();
            for (StoredOffset o : catalog.withDao(OffsetDao.class, d -> d.forJob(spec.name()))) {
                String partition = o.topic() + "-" + o.kafkaPartition();
                stored.put(partition, new StoredPosition(o.nextOffset(), o.topicId()));
                epochs.put(partition, o.epoch());
            }
            plan = stages.time("plan", () -> DrainPlanner.plan(partitionOffsets(source, stored), spec.limits().maxRecords()));
            if (!plan.gaps().isEmpty() && spec.onGap() == GapPolicy.FAIL) {
                OffsetGap g = plan.gaps().get(0);
                throw new SourceException(plan.gaps().size() + " partition(s) lost offsets to retention before they were loaded"
                        + " (first: " + g.topic() + "-" + g.partition() + " [" + g.from() + ", " + g.to() + ")); on_gap is fail,"
                        + " so nothing was loaded. To record the gap and go on: --set on_gap=skip");
            }
            LOG.info("run {} plans {} records from {} partition(s)", runId, plan.records(), plan.ranges().size());
            Progress progress = new Progress(plan.records());
            DrainLimits limits = new DrainLimits(spec.limits().maxBytes(), spec.limits().maxDuration(),
                    spec.kafka().requestTimeout(), () -> {
                        lease.renewIfDue();
                        progress.report(router.read, router.rejected);
                        return stopRequested.getAsBoolean();
                    });
            // This thread polls and decodes, waiting when the writer is behind; the writer's thread runs alongside.
            long drainStart = System.nanoTime();
            consumed = source.drain(plan.ranges(), limits, batch -> {
                for (ConsumerRecord<byte[], byte[]> rec : batch) {
                    router.accept(rec);
                }
            });
            long waitNanos = background.waitNanos();
            bytesRead = source.bytesRead();
            stages.add("poll", source.pollTime().toNanos());
            stages.add("decode", System.nanoTime() - drainStart - source.pollTime().toNanos() - waitNanos);
            stages.add("wait", waitNanos);
            background.awaitWritten();
            stages.add("write", background.writeNanos());
            stopIfRequested(runId);
            faults.at(FaultPoint.AFTER_STAGING_WRITE);
            long sealStart = System.nanoTime();
            files = writer.finish();
            if (writer.earlyCloses() > 0) {
                LOG.warn("run {}: {} file(s) were closed early because more than output.max_open_files ({}) hours were"
                        + " written at once, which makes more, smaller files; raise it if memory allows (each open file"
                        + " buffers up to output.row_group_size)", runId, writer.earlyCloses(), spec.output().maxOpenFiles());
            }
            deadLetters = rejects.finish();
            stages.add("seal", System.nanoTime() - sealStart);
            registerSchemas(runId, schemas);
            faults.at(FaultPoint.AFTER_SEAL);
            stopIfRequested(runId);
            checkRejectRatio(router);
        } catch (IOException | RuntimeException e) {
            abort(runId, e);
            throw e instanceof IOException io
                    ? new UncheckedIOException("run " + runId + " failed writing to the warehouse: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }

        RunCounts counts = new RunCounts(router.read, router.written, router.rejected, router.unknownFields, files.size(),
                bytesRead, files.stream().mapToLong(SealedFile::bytes).sum());
        stages.run("commit", () -> commit(runId, lease, plan, consumed, router, epochs, files, deadLetters, counts));
        faults.at(FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH);
        stages.run("publish", () -> publisher.publish(runId));
        return new RunSummary(spec.name(), runId, counts, plan.gaps(), recovered,
                Duration.between(started, clock.instant()), stages.snapshot());
    }

    private List<PartitionOffsets> partitionOffsets(KafkaSource source, Map<String, StoredPosition> stored) {
        try {
            return PartitionOffsets.join(source.logs(spec.topics().stream().map(TopicBinding::topic).toList()), stored);
        } catch (SourceException e) {
            if (e.configKey().isPresent()) {
                throw new ConfigException(spec.source(), e.configKey().get(), e.getMessage());
            }
            throw e;
        }
    }

    private void stopIfRequested(String runId) {
        if (stopRequested.getAsBoolean()) {
            throw new RunStoppedException("run " + runId + " stopped on request before its commit; nothing of it is"
                    + " committed, the next run loads the same offsets");
        }
    }

    private void checkRejectRatio(RecordRouter router) {
        if (router.read > 0 && (double) router.rejected / router.read > spec.limits().maxRejectRatio()) {
            throw new RejectRatioException(String.format(java.util.Locale.ROOT,
                    "%,d of %,d records (%.1f%%) were rejected, more than limits.max_reject_ratio (%.1f%%): nothing is"
                            + " committed. See the reasons with the dead_letters report of a good run, or in this run's log;"
                            + " fix the producer or raise the limit (--set limits.max_reject_ratio=...)",
                    router.rejected, router.read, 100.0 * router.rejected / router.read, 100 * spec.limits().maxRejectRatio()));
        }
    }

    /** Step 5, the single commit point. */
    private void commit(String runId, JobLease lease, DrainPlan plan, List<PartitionRange> consumed, RecordRouter router,
                        Map<String, Integer> epochs,
                        List<SealedFile> files, List<DeadLetter> deadLetters, RunCounts counts) {
        try {
            catalog.inTransaction(h -> {
                lease.confirm(h.attach(LeaseDao.class));
                advanceOffsets(h.attach(OffsetDao.class), runId, plan, consumed);
                RangeDao ranges = h.attach(RangeDao.class);
                ranges.insertRanges(spec.name(), consumed.stream().filter(r -> !r.isEmpty())
                        .map(r -> new CommittedRange(runId, r.topic(), r.partition(), epochs.getOrDefault(r.partitionName(), 0),
                                r.from(), r.to(), router.recordsFrom(r.topic(), r.partition())))
                        .toList());
                ranges.insertGaps(spec.name(), plan.gaps().stream()
                        .map(g -> new OffsetGapRow(runId, g.topic(), g.partition(), epochs.getOrDefault(g.partitionName(), 0),
                                g.from(), g.to())).toList());
                FileDao fileDao = h.attach(FileDao.class);
                fileDao.insertFiles(files.stream().map(f -> fileRow(runId, f)).toList());
                fileDao.insertSources(files.stream().flatMap(f -> f.sources().stream().map(s -> sourceRow(f, s))).toList());
                h.attach(DeadLetterDao.class).insert(spec.name(), deadLetters.stream()
                        .map(d -> new DeadLetterRow(runId, d.topic(), d.partition(), epochs.getOrDefault(d.topic() + "-" + d.partition(), 0),
                                d.offset(), truncate(d.reason(), 1000), d.filePath()))
                        .toList());
                faults.at(FaultPoint.INSIDE_COMMIT);
                if (h.attach(RunDao.class).markCommitted(runId, clock.instant(), counts) != 1) {
                    throw new CommitConflictException("run " + runId + " was aborted by another run's recovery; its commit is refused");
                }
                return null;
            });
            faults.at(FaultPoint.COMMIT_REPLY_LOST);
        } catch (RuntimeException e) {
            Optional<String> status = statusOf(runId);
            if (status.isPresent() && status.get().equals(RunRow.COMMITTED)) {
                LOG.warn("the catalog reported an error but run {} did commit; publishing it", runId);
                return;
            }
            if (status.isPresent()) {
                abort(runId, e);
            } // else: outcome unknown (catalog unreachable): keep staging, the next run's recovery decides
            throw e;
        }
    }

    private void advanceOffsets(OffsetDao offsets, String runId, DrainPlan plan, List<PartitionRange> consumed) {
        for (PartitionRange r : consumed) {
            long expected = plan.expectedOffset(r.topic(), r.partition());
            if (expected < 0) {
                if (r.to() > 0) {
                    offsets.insert(spec.name(), r.topic(), r.partition(), r.to(), plan.topicId(r.topic()), runId);
                }
            } else if (r.to() != expected
                    && offsets.advance(spec.name(), r.topic(), r.partition(), expected, r.to(), plan.topicId(r.topic()), runId) != 1) {
                throw new CommitConflictException("offset of " + r.partitionName() + " is no longer " + expected
                        + ": another run of job " + spec.name() + " loaded it; nothing of run " + runId + " is committed");
            }
        }
    }

    private Optional<String> statusOf(String runId) {
        try {
            return catalog.withDao(RunDao.class, d -> d.find(runId)).map(RunRow::status);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void abort(String runId, Exception cause) {
        try {
            // Marked first: should removing staging fail, recovery removes it for a failed run.
            catalog.withDao(RunDao.class, d -> d.markEnded(runId, RunRow.FAILED, clock.instant(),
                    truncate(String.valueOf(cause.getMessage()), 4000)));
            publisher.removeStaging(runId);
        } catch (RuntimeException e) {
            LOG.warn("cleanup after the failed run {} did not finish (the next run recovers it): {}", runId, e.getMessage());
        }
    }

    private void registerSchemas(String runId, ActivitySchemas schemas) {
        for (ActivitySchema s : schemas.all()) {
            try {
                catalog.withDao(SchemaDao.class, d -> {
                    if (d.count(s.fingerprint()) == 0) {
                        d.insert(s.fingerprint(), s.activityType(), s.schema().toString(), runId);
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                // A concurrent first use of the same schema by another job inserted it: fine either way.
                if (catalog.withDao(SchemaDao.class, d -> d.count(s.fingerprint())) == 0) {
                    throw e;
                }
            }
        }
    }

    private DataFileRow fileRow(String runId, SealedFile f) {
        return new DataFileRow(f.finalPath(), f.stagedPath(), runId, spec.name(), f.key().activityType(), f.key().date(),
                f.key().hour(), f.format(), f.records(), f.bytes(), Instant.ofEpochMilli(f.minEventTime()),
                Instant.ofEpochMilli(f.maxEventTime()), f.schemaFingerprint(), DataFileRow.LIVE);
    }

    private static FileSourceRow sourceRow(SealedFile f, SourceSpan s) {
        return new FileSourceRow(f.finalPath(), s.topic(), s.partition(), s.firstOffset(), s.lastOffset(), s.records());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    /** A plain progress line every few seconds while a long drain runs (readable in cron mail and on a terminal). */
    private final class Progress {
        private static final Duration EVERY = Duration.ofSeconds(5);
        private final long planned;
        private Instant next;

        Progress(long planned) {
            this.planned = planned;
            this.next = clock.instant().plus(EVERY);
        }

        void report(long read, long rejected) {
            Instant now = clock.instant();
            if (now.isAfter(next)) {
                LOG.info("{}: read {} of {} records ({}%), {} rejected", spec.name(), read, planned,
                        planned == 0 ? 100 : read * 100 / planned, rejected);
                next = now.plus(EVERY);
            }
        }
    }
}

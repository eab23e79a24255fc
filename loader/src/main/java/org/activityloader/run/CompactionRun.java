package org.activityloader.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.RunCounts;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.commit.Commit;
import org.activityloader.commit.JobBusyException;
import org.activityloader.commit.RunKind;
import org.activityloader.config.OutputSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.FileFormats;
import org.activityloader.write.FileMerger;
import org.activityloader.write.SealedFile;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compaction: merges the small files of closed hours into files near a target size, by the same
 * protocol as a load ({@link RunTemplate}). Its lease is the job's compaction lease, so loads and a
 * backfill go on beside it; its commit replaces exactly the files it read (each must still be live:
 * a backfill that replaced one first makes it refused, and nothing of it lands), moves no offset and
 * changes no hour's state; every record keeps its lineage. Reads the warehouse, not Kafka.
 */
public final class CompactionRun extends RunTemplate<CompactionRun.NoInput, CompactionPlan, CompactionRun.Merged, CompactionResult> {
    private static final Logger LOG = LoggerFactory.getLogger(CompactionRun.class);

    private final CompactionRequest request;

    public CompactionRun(RunContext ctx, CompactionRequest request) {
        super(ctx);
        this.request = request;
    }

    /** A compaction reads only the catalog and the warehouse, which the run context holds. */
    record NoInput() implements RunInput {
        @Override
        public void close() {
        }
    }

    /** The files merged, each new file with the group it replaces, and whether the time budget left groups undone. */
    record Merged(List<SealedFile> files, List<CompactionGroup> groups, boolean cutShort) {
        long recordsBefore() {
            return groups.stream().mapToLong(CompactionGroup::records).sum();
        }

        long bytesBefore() {
            return groups.stream().mapToLong(CompactionGroup::bytes).sum();
        }

        long records() {
            return files.stream().mapToLong(SealedFile::records).sum();
        }

        long bytes() {
            return files.stream().mapToLong(SealedFile::bytes).sum();
        }
    }

    /** Waits for a running backfill of the job ({@link JobBusyException}): merging the files it rebuilds would make it refused. */
    public CompactionResult run() {
        String job = ctx.spec().name();
        if (ctx.catalog().leases().held(RunKind.BACKFILL.leaseOf(job), ctx.clock().instant())) {
            throw JobBusyException.waitsForBackfill(job, "a compaction");
        }
        if (request.dryRun()) {
            CompactionPlan plan = planned();
            return new CompactionResult(plan, Optional.empty(), 0, 0, plan.records(), plan.bytes(), 0, 0, false, 0);
        }
        return execute();
    }

    @Override
    RunKind kind() {
        return RunKind.COMPACTION;
    }

    @Override
    NoInput open(StageTimes stages) {
        return new NoInput();
    }

    @Override
    CompactionPlan plan(Started run, NoInput input) {
        return run.stages().time("plan", this::planned);
    }

    private CompactionPlan planned() {
        String job = ctx.spec().name();
        Set<PartitionKey> closed = ctx.catalog().hours().ofJob(job).stream().filter(h -> h.state().closed()).map(HourRow::key)
                .filter(request.hours()).collect(Collectors.toSet());
        List<DataFileRow> live = ctx.catalog().manifest().published(job).stream()
                .filter(f -> f.state() == FileState.LIVE && f.lostAt() == null
                        && closed.contains(new PartitionKey(f.activityType(), f.eventDate(), f.eventHour())))
                .toList();
        StoredOffsets offsets = ctx.catalog().offsets().of(job);
        Map<String, List<FileSourceRow>> sources = new HashMap<>();
        for (FileSourceRow s : ctx.catalog().lineage().sourcesOf(live.stream().map(DataFileRow::path).toList())) {
            sources.computeIfAbsent(s.path(), p -> new ArrayList<>()).add(s);
        }
        // Kept apart: files read in an earlier offset epoch (before a reset), and files whose lineage has only a span, not
        // its exact offset runs (written before the catalog kept them): merging spans would widen them over other files' offsets.
        Set<String> keepApart = new HashSet<>();
        sources.forEach((path, rows) -> rows.stream()
                .filter(s -> s.offsetRuns() == null
                        || (s.epoch() == null ? 0 : s.epoch()) != offsets.epoch(new TopicPartition(s.topic(), s.kafkaPartition())))
                .findAny().ifPresent(s -> keepApart.add(path)));
        Map<String, String> fingerprints = new HashMap<>();
        ActivitySchemas.of(ctx.spec()).all().forEach(s -> fingerprints.put(s.activityType(), s.fingerprint()));
        List<CompactionGroup> groups = present(CompactionPlanner.plan(live, closed, fingerprints, keepApart, request.targetBytes(),
                ctx.spec().output().format()));
        Map<String, List<FileSourceRow>> planned = new HashMap<>();
        Map<TopicPartition, Integer> epochs = new HashMap<>();
        for (CompactionGroup g : groups) {
            for (DataFileRow f : g.files()) {
                List<FileSourceRow> rows = sources.getOrDefault(f.path(), List.of());
                planned.put(f.path(), rows);
                rows.forEach(s -> {
                    TopicPartition tp = new TopicPartition(s.topic(), s.kafkaPartition());
                    epochs.put(tp, offsets.epoch(tp));
                });
            }
        }
        return new CompactionPlan(groups, planned, epochs);
    }

    /**
     * The groups whose files are all in the warehouse. A file deleted by hand is marked lost (verify
     * reports it until a backfill rebuilds it from Kafka) and its hour left alone; a dry run only says so.
     */
    private List<CompactionGroup> present(List<CompactionGroup> groups) {
        List<CompactionGroup> out = new ArrayList<>();
        for (CompactionGroup g : groups) {
            List<String> gone = g.files().stream().map(DataFileRow::path).filter(p -> !exists(p)).toList();
            if (gone.isEmpty()) {
                out.add(g);
                continue;
            }
            if (!request.dryRun()) {
                // Only what is still live and still not there: a backfill that began since the plan may have moved it out.
                List<String> lost = ctx.catalog().manifest().withPaths(gone).stream()
                        .filter(f -> f.state() == FileState.LIVE && f.movedOutAt() == null && !exists(f.path())).map(DataFileRow::path)
                        .toList();
                ctx.catalog().manifest().markLost(lost, ctx.clock().instant());
            }
            LOG.warn("job {}: {} of hour {} {} gone from the warehouse; {}the hour is not compacted (loader backfill rebuilds it"
                    + " from Kafka)", ctx.spec().name(), gone, g.key().label(), gone.size() == 1 ? "is" : "are",
                    request.dryRun() ? "" : "marked lost, ");
        }
        return out;
    }

    private boolean exists(String path) {
        try {
            return ctx.storage().exists(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the warehouse: " + e.getMessage(), e);
        }
    }

    /** Nothing to merge: no run row, no catalog version. */
    @Override
    Optional<CompactionResult> nothingToDo(Started run, CompactionPlan plan) {
        return plan.groups().isEmpty()
                ? Optional.of(new CompactionResult(plan, Optional.empty(), 0, 0, 0, 0, 0, ctx.catalog().versions().current(ctx.spec().name()),
                        false, 0))
                : Optional.empty();
    }

    /** Step 4: each group into one new file, while the time budget lasts; the lease checked between groups. */
    @Override
    Merged write(Started run, CompactionPlan plan, NoInput input, WriterStack stack) throws IOException {
        OutputSpec output = ctx.spec().output();
        ActivitySchemas schemas = ActivitySchemas.of(ctx.spec());
        long deadline = System.nanoTime() + request.budget().toNanos();
        boolean cutShort = false;
        List<SealedFile> files = new ArrayList<>();
        List<CompactionGroup> done = new ArrayList<>();
        try (FileMerger merger = new FileMerger(ctx.storage(), new FileFormats(ctx.storage(), output.format(), output.compression(),
                output.rowGroupBytes()), run.runId())) {
            for (CompactionGroup g : plan.groups()) {
                if (!done.isEmpty() && System.nanoTime() > deadline) {
                    cutShort = true;
                    break;
                }
                ActivitySchema schema = schemas.get(g.key().activityType());
                files.add(merger.merge(g.key(), schema, g.files().stream().map(plan::input).toList()));
                done.add(g);
                run.lease().checkHeld();
                ctx.stopIfRequested(run.runId());
            }
        }
        return new Merged(files, done, cutShort);
    }

    @Override
    void validate(Started run, CompactionPlan plan, Staged<Merged> staged) {
        long before = staged.tally().recordsBefore();
        long after = staged.tally().records();
        if (before != after) {
            throw new IllegalStateException("compaction " + run.runId() + " wrote " + after + " records in place of " + before
                    + "; nothing is committed");
        }
    }

    @Override
    Commit commit(Started run, CompactionPlan plan, Staged<Merged> staged) {
        Merged merged = staged.tally();
        List<String> replaced = merged.groups().stream().flatMap(g -> g.files().stream()).map(DataFileRow::path).toList();
        RunCounts counts = new RunCounts(merged.records(), merged.records(), 0, 0, merged.files().size(), merged.bytesBefore(),
                merged.bytes());
        return Commit.compaction(ctx.spec().name(), run.runId(), merged.files(), replaced, plan.epochs(), counts);
    }

    @Override
    CompactionResult result(Started run, CompactionPlan plan, Staged<Merged> staged, Published published) {
        Merged merged = staged.tally();
        int filesMerged = merged.groups().stream().mapToInt(g -> g.files().size()).sum();
        LOG.info("compaction {} of job {}: {} files merged into {} ({} records){}", run.runId(), ctx.spec().name(), filesMerged,
                merged.files().size(), merged.records(), merged.cutShort() ? "; its time budget left groups for the next one" : "");
        return new CompactionResult(plan, Optional.of(run.runId()), filesMerged, merged.files().size(), merged.records(),
                merged.bytesBefore(), merged.bytes(),
                published.version(), merged.cutShort(), Duration.between(run.at(), ctx.clock().instant()).toMillis() / 1000.0);
    }
}

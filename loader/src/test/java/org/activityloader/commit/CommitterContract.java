package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.RunCounts;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.Compression;
import org.activityloader.config.OutputFormat;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.testing.ParquetIds;
import org.activityloader.testing.TestCatalog;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.WriteBudget;
import org.activityloader.write.SealedFile;
import org.activityloader.write.Storage;
import org.apache.avro.generic.GenericData;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one committer, in the three shapes of commit it serves (the backfill and compaction
 * commands come later; their commits are exercised here directly): a load adds files and advances
 * offsets; a backfill replaces the files of an hour and advances nothing; a compaction replaces
 * small files by a large one. And every compare-and-set refusing the whole commit: a replaced file
 * no longer live, an offset moved, the lease lost. Subclasses choose the catalog (a fresh one each test).
 */
abstract class CommitterContract {
    private static final String JOB = "commits";
    private static final ActivitySchema CLICK = ActivitySchemas.load(TestJobs.SCHEMAS, List.of("click")).get("click");
    private static final PartitionKey HOUR_0 = new PartitionKey("click", LocalDate.parse("2026-04-01"), 0);
    private static final PartitionKey HOUR_1 = new PartitionKey("click", LocalDate.parse("2026-04-01"), 1);
    private static final TopicPartition CLICKS_0 = new TopicPartition("clicks", 0);

    @TempDir
    Path dir;
    Catalog catalog;
    Storage storage;
    RunLifecycle runs;
    Committer committer;
    Publisher publisher;
    private int nextId;

    @RegisterExtension
    final TestCatalog catalogs;

    CommitterContract(TestCatalog catalogs) {
        this.catalogs = catalogs;
    }

    @BeforeEach
    void open() {
        catalog = Catalog.open(catalogs.fresh(dir));
        storage = new Storage(dir.resolve("warehouse").toUri());
        runs = new RunLifecycle(catalog, storage, Clock.systemUTC());
        committer = new Committer(catalog, runs, Clock.systemUTC(), Faults.NONE);
        publisher = new Publisher(catalog, storage, runs, Clock.systemUTC(), Faults.NONE);
    }

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    @Test
    void aLoadAddsFilesAndAdvancesOffsetsReplacingNothing() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0, HOUR_1), 100);
        long version = loadAndPublish(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 200, "topic-id"));

        assertThat(version).isEqualTo(1);
        assertThat(offset()).isEqualTo(Optional.of(200L));
        List<DataFileRow> live = published();
        assertThat(live).extracting(DataFileRow::path).containsExactlyInAnyOrderElementsOf(load.paths());
        assertThat(live).allSatisfy(f -> {
            assertThat(f.addedVersion()).isEqualTo(1);
            assertThat(f.replacedVersion()).isNull();
        });
        assertThat(idsInFolder(HOUR_0)).containsExactlyInAnyOrderElementsOf(load.ids.get(0));
        assertThat(state(load.runId)).isEqualTo(RunState.PUBLISHED);
    }

    @Test
    void aBackfillReplacesTheFilesOfItsHourAndAdvancesNothing() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0, HOUR_1), 100);
        loadAndPublish(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 200, "topic-id"));
        String oldHour0 = load.files.get(0).finalPath();
        String hour1 = load.files.get(1).finalPath();
        long hour1Size = Files.size(dir.resolve("warehouse").resolve(hour1));

        Staged backfill = stage("backfill-1", List.of(HOUR_0), 120);
        long version = replaceAndPublish(backfill, RunKind.BACKFILL, List.of(oldHour0));

        assertThat(version).isEqualTo(2);
        assertThat(offset()).as("a backfill moves no offset").isEqualTo(Optional.of(200L));
        DataFileRow old = file(oldHour0);
        assertThat(old.state()).isEqualTo(FileState.REPLACED);
        assertThat(old.replacedByRun()).isEqualTo(backfill.runId);
        assertThat(old.replacedVersion()).isEqualTo(2);
        assertThat(file(backfill.files.get(0).finalPath()).addedVersion()).isEqualTo(2);
        // Folder readers see the new hour only; the old file waits in _replaced/ for vacuum.
        assertThat(idsInFolder(HOUR_0)).containsExactlyInAnyOrderElementsOf(backfill.ids.get(0));
        assertThat(Files.exists(dir.resolve("warehouse").resolve(FileNames.replaced(backfill.runId, oldHour0)))).isTrue();
        assertThat(Files.size(dir.resolve("warehouse").resolve(hour1))).as("the other hour untouched").isEqualTo(hour1Size);
        assertThat(published()).extracting(DataFileRow::path).containsExactlyInAnyOrder(hour1, backfill.files.get(0).finalPath());
    }

    @Test
    void aCompactionReplacesSmallFilesByALargeOne() throws Exception {
        Staged first = stage("load-1", List.of(HOUR_0), 50);
        loadAndPublish(first, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 50, "topic-id"));
        Staged second = stage("load-2", List.of(HOUR_0), 70);
        loadAndPublish(second, new OffsetAdvance(CLICKS_0, OptionalLong.of(50), 120, "topic-id"));
        assertThat(idsInFolder(HOUR_0)).hasSize(120);

        List<String> small = List.of(first.files.get(0).finalPath(), second.files.get(0).finalPath());
        List<String> all = new ArrayList<>(first.ids.get(0));
        all.addAll(second.ids.get(0));
        Staged compaction = stageIds("compact-1", HOUR_0, all);
        long version = replaceAndPublish(compaction, RunKind.COMPACTION, small);

        assertThat(version).isEqualTo(3);
        assertThat(offset()).isEqualTo(Optional.of(120L));
        assertThat(published()).extracting(DataFileRow::path).containsExactly(compaction.files.get(0).finalPath());
        assertThat(idsInFolder(HOUR_0)).containsExactlyInAnyOrderElementsOf(all);
        assertThat(small).allSatisfy(p -> assertThat(file(p).replacedByRun()).isEqualTo(compaction.runId));
    }

    @Test
    void aReplacedFileNoLongerLiveRefusesTheWholeCommit() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0), 100);
        loadAndPublish(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 100, "topic-id"));
        String old = load.files.get(0).finalPath();
        Staged winner = stage("backfill-1", List.of(HOUR_0), 100);
        Staged loser = stage("backfill-2", List.of(HOUR_0), 100);
        replaceAndPublish(winner, RunKind.BACKFILL, List.of(old));

        assertThatThrownBy(() -> replace(loser, RunKind.BACKFILL, List.of(old)))
                .isInstanceOf(CommitConflictException.class).hasMessageContaining("no longer live");
        assertNothingOf(loser, 2);
    }

    @Test
    void anOffsetMovedByAnotherRunRefusesTheWholeCommit() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0), 100);
        loadAndPublish(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 100, "topic-id"));
        Staged stale = stage("load-2", List.of(HOUR_1), 100);
        assertThatThrownBy(() -> load(stale, new OffsetAdvance(CLICKS_0, OptionalLong.of(0), 100, "topic-id")))
                .isInstanceOf(CommitConflictException.class).hasMessageContaining("is no longer 0");
        assertNothingOf(stale, 1);
        assertThat(offset()).isEqualTo(Optional.of(100L));
    }

    @Test
    void offsetsResetWhileABackfillReadThemRefuseItsCommit() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0), 100);
        loadAndPublish(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 100, "topic-id"));
        String old = load.files.get(0).finalPath();
        List<FileSourceRow> lineage = catalog.lineage().sourcesOf(List.of(old));
        assertThat(lineage).as("the lineage keeps its epoch").extracting(FileSourceRow::epoch).containsOnly(0);
        Staged backfill = stage("backfill-1", List.of(HOUR_0), 100); // read in epoch 0 ...
        boolean reset = catalog.inTransaction(tx -> tx.offsets().reset(JOB, new TopicPartition("clicks", 0), 100, 0, 0,
                "new-topic-id", "reset"));
        assertThat(reset).isTrue();

        assertThatThrownBy(() -> replace(backfill, RunKind.BACKFILL, List.of(old))) // ... committed in epoch 1
                .isInstanceOf(CommitConflictException.class).hasMessageContaining("were reset (epoch 0 to 1)");
        assertNothingOf(backfill, 1);
        assertThat(file(old).state()).isEqualTo(FileState.LIVE);
    }

    @Test
    void aLostLeaseRefusesTheWholeCommit() throws Exception {
        Staged load = stage("load-1", List.of(HOUR_0), 100);
        catalog.leases().release(load.lease.job(), load.lease.owner());
        assertThatThrownBy(() -> load(load, new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 100, "topic-id")))
                .isInstanceOf(CommitConflictException.class).hasMessageContaining("no longer holds the lease");
        assertNothingOf(load, 0);
        assertThat(offset()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    /** A run holding the lease, with files staged for each key. */
    private record Staged(String runId, JobLease lease, List<SealedFile> files, List<List<String>> ids) {
        List<String> paths() {
            return files.stream().map(SealedFile::finalPath).toList();
        }
    }

    /** Loads hold the job's lease; backfills and compactions one of their own, as they run beside loads. */
    private JobLease lease(String runId) {
        String name = runId.startsWith("load") ? JOB : JOB + "/" + runId;
        return JobLease.acquire(catalog, name, runId, Duration.ofMinutes(2), Clock.systemUTC());
    }

    private Staged stage(String runId, List<PartitionKey> keys, int perKey) throws Exception {
        JobLease lease = lease(runId);
        runs.start(runId, JOB, runId.startsWith("load") ? RunKind.LOAD : RunKind.BACKFILL);
        List<List<String>> ids = new ArrayList<>();
        try (PartitioningWriter writer = writer(runId)) {
            for (PartitionKey key : keys) {
                List<String> ofKey = new ArrayList<>();
                for (int i = 0; i < perKey; i++) {
                    GenericData.Record r = click(nextId++, key);
                    ofKey.add(r.get("event_id").toString());
                    writer.write(key, CLICK, r, (Long) r.get("event_time"), "clicks", 0, i);
                }
                ids.add(ofKey);
            }
            return new Staged(runId, lease, writer.finish(), ids);
        }
    }

    private Staged stageIds(String runId, PartitionKey key, List<String> eventIds) throws Exception {
        JobLease lease = lease(runId);
        runs.start(runId, JOB, RunKind.COMPACTION);
        try (PartitioningWriter writer = writer(runId)) {
            for (int i = 0; i < eventIds.size(); i++) {
                GenericData.Record r = click(i, key);
                r.put("event_id", eventIds.get(i));
                writer.write(key, CLICK, r, (Long) r.get("event_time"), "clicks", 0, i);
            }
            return new Staged(runId, lease, writer.finish(), List.of(eventIds));
        }
    }

    private PartitioningWriter writer(String runId) {
        return new PartitioningWriter(storage, new FileFormats(storage, OutputFormat.PARQUET, Compression.SNAPPY, 1 << 20),
                runId, 64L << 20, 8, WriteBudget.of(64L << 20));
    }

    /** A load's commit: its range is from the advance's expected offset (or 0) to its next. */
    private long load(Staged s, OffsetAdvance advance) {
        CommittedRange range = new CommittedRange(s.runId, "clicks", 0, 0, advance.expected().orElse(0), advance.next(), records(s),
                null);
        return commit(s, Commit.load(JOB, s.runId, s.files, List.of(advance), List.of(range), List.of(), List.of(), counts(s)));
    }

    /** A backfill's or a compaction's commit: these files replaced by the run's. */
    private long replace(Staged s, RunKind kind, List<String> replaced) {
        Map<TopicPartition, Integer> epochs = Map.of(CLICKS_0, 0);
        return commit(s, kind == RunKind.BACKFILL
                ? Commit.backfill(new BackfillRow(s.runId, JOB, HOUR_0.label(), "click", "test", "tester", Instant.now(), 0, records(s),
                        null), s.files, replaced, List.of(), epochs, counts(s))
                : Commit.compaction(JOB, s.runId, s.files, replaced, epochs, counts(s)));
    }

    private long commit(Staged s, Commit commit) {
        try {
            return committer.commit(s.lease, commit);
        } finally {
            s.lease.close();
        }
    }

    private static RunCounts counts(Staged s) {
        return new RunCounts(records(s), records(s), 0, 0, s.files.size(), 0, 0);
    }

    private static long records(Staged s) {
        return s.files.stream().mapToLong(SealedFile::records).sum();
    }

    private long loadAndPublish(Staged s, OffsetAdvance advance) {
        long version = load(s, advance);
        publisher.publish(s.runId);
        return version;
    }

    private long replaceAndPublish(Staged s, RunKind kind, List<String> replaced) {
        long version = replace(s, kind, replaced);
        publisher.publish(s.runId);
        return version;
    }

    /** A refused commit left nothing: no file of it in the catalog, its staging gone, the run failed, the version as it was. */
    private void assertNothingOf(Staged s, long versionBefore) throws Exception {
        List<DataFileRow> filesOfRun = catalog.manifest().ofRun(s.runId);
        assertThat(filesOfRun).isEmpty();
        assertThat(state(s.runId)).isEqualTo(RunState.FAILED);
        assertThat(storage.exists(FileNames.stagingDir(s.runId))).isFalse();
        assertThat(catalog.versions().current(JOB)).isEqualTo(versionBefore);
    }

    private List<DataFileRow> published() {
        return catalog.manifest().published(JOB);
    }

    private Optional<Long> offset() {
        return catalog.offsets().of(JOB).all().stream().findFirst().map(StoredOffset::nextOffset);
    }

    private DataFileRow file(String path) {
        return catalog.manifest().withPaths(List.of(path)).get(0);
    }

    private RunState state(String runId) {
        return catalog.runs().find(runId).orElseThrow().status();
    }

    /** Event ids in the hour's final folder, read with DuckDB: what a folder reader sees. */
    private List<String> idsInFolder(PartitionKey key) throws Exception {
        Path folder = dir.resolve("warehouse").resolve(key.directory());
        List<String> ids = new ArrayList<>();
        try (var files = Files.list(folder)) {
            for (Path f : files.toList()) {
                ids.addAll(ParquetIds.of(f));
            }
        }
        return ids;
    }

    private static GenericData.Record click(int i, PartitionKey key) {
        GenericData.Record r = new GenericData.Record(CLICK.schema());
        r.put("event_id", java.util.UUID.nameUUIDFromBytes(("click-" + i).getBytes()).toString());
        r.put("event_time", key.date().atStartOfDay(java.time.ZoneOffset.UTC).plusHours(key.hour()).toInstant().toEpochMilli() + i);
        r.put("session_id", "s-" + (i % 7));
        r.put("site", "shop.example.com");
        r.put("url", "https://shop.example.com/p/" + i);
        r.put("target", "buy");
        return r;
    }
}

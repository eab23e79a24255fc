package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.OutputSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionResult;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Compaction on real files: fifty small files of a complete hour become one with the same rows,
 * their lineage kept ({@code verify} clean), the old files out of the folders, the marker and the
 * dead letters untouched; beside a load and a backfill of the same hour nothing is lost or doubled;
 * a compaction halted at any point of the protocol is finished or undone by the next run.
 */
class CompactionIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
    private static final PartitionKey KEY = new PartitionKey("click", LocalDate.ofInstant(HOUR, ZoneOffset.UTC),
            HOUR.atZone(ZoneOffset.UTC).getHour());

    private JobSpec job(String topic, Path dir) {
        JobSpec base = TestJobs.job(topic, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of("click"));
        return base.withTopics(List.of(new TopicBinding(topic, "click"))).withLeaseTimeout(LEASE);
    }

    /**
     * {@code events} clicks in the hour (and one malformed record), loaded by one run that rolls its files as
     * soon as it may (every 256 records): {@code events / 256} small files.
     */
    private static void loadSmallFiles(JobSpec job, Catalog catalog, Storage storage, int events) {
        produce(job.topics().get(0).topic(), events, true);
        OutputSpec o = job.output();
        JobSpec small = job.withOutput(new OutputSpec(o.warehouse(), o.format(), o.compression(), o.rowGroupBytes(), 1, o.maxOpenFiles()));
        new LoadRun(small, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    private static void produce(String topic, int events, boolean withMalformed) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            if (withMalformed) {
                producer.send(new ProducerRecord<>(topic, "{not json".getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < events; i++) {
                String json = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_time\":" + HOUR.plusSeconds(i % 3600).toEpochMilli()
                        + ",\"session_id\":\"s" + i + "\",\"site\":\"shop.example\",\"url\":\"https://shop.example/p/" + i
                        + "?utm_source=newsletter\",\"user_agent\":\"Mozilla/5.0 (X11; Linux x86_64)\",\"target\":\"buy\"}";
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static CompactionRun compaction(JobSpec job, Catalog catalog, Storage storage, Clock clock, Faults faults, boolean dryRun) {
        return new CompactionRun(new RunContext(job, catalog, storage, clock, faults, () -> false, ProgressMode.NONE),
                new CompactionRequest(k -> true, 256L << 20, dryRun, Duration.ofHours(1)));
    }

    private static List<DataFileRow> liveFiles(Catalog catalog, String job) {
        return catalog.manifest().published(job).stream().filter(f -> f.state() == FileState.LIVE).toList();
    }

    private static void assertExactlyOnce(JobSpec job, Catalog catalog, Storage storage, Set<String> ids) throws Exception {
        ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), job.name());
        assertThat(back.duplicates()).isZero();
        assertThat(back.eventIdCounts().keySet()).isEqualTo(ids);
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
    }

    @Test
    void fiftySmallFilesBecomeOneWithTheSameRowsAndTheirLineage(@TempDir Path dir) throws Exception {
        JobSpec job = job("compact_fifty", dir);
        kafka.createTopics(List.of("compact_fifty"), 1);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            loadSmallFiles(job, catalog, storage, 50 * 256);
            assertThat(liveFiles(catalog, job.name())).hasSize(50);
            Set<String> ids = new HashSet<>(ReadBack.of(catalog, warehouse, job.name()).eventIdCounts().keySet());
            assertThat(ids).hasSize(50 * 256);
            HourRow hourBefore = catalog.hours().find(job.name(), KEY).orElseThrow();
            byte[] marker = Files.readAllBytes(warehouse.resolve(FileNames.successMarker(KEY)));
            List<String> deadLetterFiles = storage.listFiles(FileNames.DEAD_LETTER);
            long version = catalog.versions().current(job.name());

            CompactionResult dry = compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, true).run();
            assertThat(dry.plan().files()).isEqualTo(50);
            assertThat(catalog.versions().current(job.name())).as("a dry run changes nothing").isEqualTo(version);

            CompactionResult done = compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run();
            assertThat(done.filesMerged()).isEqualTo(50);
            assertThat(done.filesMade()).isEqualTo(1);
            assertThat(done.records()).isEqualTo(50 * 256);
            assertThat(done.catalogVersion()).isEqualTo(version + 1);
            List<DataFileRow> live = liveFiles(catalog, job.name());
            assertThat(live).hasSize(1);
            assertThat(storage.listDataFiles()).containsExactly(live.get(0).path());
            assertThat(storage.listFiles(FileNames.REPLACED)).hasSize(50);
            assertExactlyOnce(job, catalog, storage, ids);
            assertThat(catalog.lineage().sourcesOf(List.of(live.get(0).path()))).singleElement()
                    .satisfies(s -> assertThat(s.records()).isEqualTo(50 * 256));
            assertThat(catalog.hours().find(job.name(), KEY).orElseThrow()).as("the hour's state is the same").isEqualTo(hourBefore);
            assertThat(Files.readAllBytes(warehouse.resolve(FileNames.successMarker(KEY)))).as("_SUCCESS untouched").isEqualTo(marker);
            assertThat(storage.listFiles(FileNames.DEAD_LETTER)).isEqualTo(deadLetterFiles);

            assertThat(compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run().runId())
                    .as("again: nothing to compact").isEmpty();
            // A late event after the compaction lands beside the big file; the two compact again into one.
            produce(job.topics().get(0).topic(), 1, false);
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            ids = new HashSet<>(ReadBack.of(catalog, warehouse, job.name()).eventIdCounts().keySet());
            assertThat(ids).hasSize(50 * 256 + 1);
            assertThat(compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run().filesMerged()).isEqualTo(2);
            assertExactlyOnce(job, catalog, storage, ids);
        }
    }

    @Test
    void besideALoadAndABackfillOfTheSameHourNothingIsLostOrDoubled(@TempDir Path dir) throws Exception {
        JobSpec job = job("compact_beside", dir);
        kafka.createTopics(List.of("compact_beside"), 1);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            loadSmallFiles(job, catalog, storage, 4 * 256);
            produce(job.topics().get(0).topic(), 50, false); // for the load that runs beside
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Callable<Object>> work = List.of(
                        () -> compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run(),
                        () -> new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run(),
                        () -> new BackfillRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false,
                                ProgressMode.NONE), new BackfillRequest(Set.of(KEY), List.of("click"), false, "test", "tester",
                                Duration.ofHours(1), false)).run());
                List<String> outcomes = new ArrayList<>();
                for (Future<Object> f : pool.invokeAll(work)) {
                    try {
                        f.get();
                        outcomes.add("ok");
                    } catch (java.util.concurrent.ExecutionException e) {
                        // The one refused: a compaction or a backfill whose files the other replaced first, or a
                        // compaction that waits for the backfill it found running.
                        assertThat(e.getCause()).isInstanceOfAny(CommitConflictException.class, JobBusyException.class);
                        outcomes.add("refused");
                    }
                }
                assertThat(outcomes.get(1)).as("the load is never refused").isEqualTo("ok");
            } finally {
                pool.shutdownNow();
            }
            Set<String> ids = new HashSet<>(ReadBack.of(catalog, warehouse, job.name()).eventIdCounts().keySet());
            assertThat(ids).hasSize(4 * 256 + 50);
            assertExactlyOnce(job, catalog, storage, ids);
            compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run();
            assertExactlyOnce(job, catalog, storage, ids);
        }
    }

    @Test
    void filesWrittenBeforeAFormatChangeAreMergedIntoTheNewFormat(@TempDir Path dir) throws Exception {
        JobSpec parquet = job("compact_formats", dir);
        OutputSpec o = parquet.output();
        JobSpec avro = parquet.withOutput(new OutputSpec(o.warehouse(), OutputFormat.AVRO, o.compression(), o.rowGroupBytes(),
                o.maxFileBytes(), o.maxOpenFiles()));
        kafka.createTopics(List.of("compact_formats"), 1);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(parquet.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            loadSmallFiles(avro, catalog, storage, 3 * 256);
            produce(parquet.topics().get(0).topic(), 10, false); // then a late one in Parquet: the hour holds both formats
            new LoadRun(parquet, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(liveFiles(catalog, parquet.name())).extracting(DataFileRow::fileFormat)
                    .containsExactlyInAnyOrder(OutputFormat.AVRO, OutputFormat.AVRO, OutputFormat.AVRO, OutputFormat.PARQUET);
            CompactionResult done = compaction(parquet, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run();
            assertThat(done.filesMerged()).isEqualTo(4);
            assertThat(liveFiles(catalog, parquet.name())).singleElement()
                    .satisfies(f -> assertThat(f.fileFormat()).as("written as the job writes now").isEqualTo(OutputFormat.PARQUET));
            Set<String> ids = new HashSet<>(ReadBack.of(catalog, warehouse, parquet.name()).eventIdCounts().keySet());
            assertThat(ids).as("every event produced, read back from the Parquet file").hasSize(3 * 256 + 10);
            assertThat(compaction(parquet, catalog, storage, Clock.systemUTC(), Faults.NONE, true).run().plan().groups())
                    .as("idempotent").isEmpty();
            assertExactlyOnce(parquet, catalog, storage, ids);
        }
    }

    @Test
    void aFileDeletedByHandIsMarkedLostAndItsHourLeftAlone(@TempDir Path dir) throws Exception {
        JobSpec job = job("compact_deleted", dir);
        kafka.createTopics(List.of("compact_deleted"), 1);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            loadSmallFiles(job, catalog, storage, 3 * 256);
            String deleted = liveFiles(catalog, job.name()).get(1).path();
            Files.delete(warehouse.resolve(deleted));
            CompactionResult none = compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false).run();
            assertThat(none.runId()).as("nothing merged; no run").isEmpty();
            assertThat(catalog.manifest().withPaths(List.of(deleted))).singleElement()
                    .satisfies(f -> assertThat(f.lostAt()).as("marked lost").isNotNull());
            assertThat(liveFiles(catalog, job.name())).hasSize(3);
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).extracting(Finding::kind).contains("lost_file");
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, mode = EnumSource.Mode.EXCLUDE, names = "MIGRATION_STATEMENT")
    void aCompactionHaltedAnywhereIsFinishedOrUndoneByTheNextRun(FaultPoint point, @TempDir Path dir) throws Exception {
        String topic = "compact_halt_" + point.name().toLowerCase();
        JobSpec job = job(topic, dir);
        kafka.createTopics(List.of(topic), 1);
        Path warehouse = dir.resolve("warehouse");
        Set<String> ids;
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            loadSmallFiles(job, catalog, storage, 3 * 256);
            ids = new HashSet<>(ReadBack.of(catalog, warehouse, job.name()).eventIdCounts().keySet());
        }
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Process child = ChildLoader.start(dir.resolve("child.log"), point + ":halt", "compact", jobFile.toString(), "--progress", "none");
        assertThat(ChildLoader.await(child, 120)).as("halted at " + point + "; log: " + Files.readString(dir.resolve("child.log")))
                .isEqualTo(137);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            assertExactlyOnce(job, catalog, storage, ids); // readers see the old files or the new, never both or neither
            RunRow halted = catalog.runs().recent(job.name(), 20).stream().filter(r -> r.kind().equals("compaction")).findFirst()
                    .orElseThrow();
            assertThatThrownBy(compaction(job, catalog, storage, Clock.systemUTC(), Faults.NONE, false)::run)
                    .as("the halted compaction still holds its lease").isInstanceOf(JobBusyException.class);
            // A load's recovery finishes or undoes it once its lease has expired; then a compaction completes the work.
            new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
            assertThat(catalog.runs().find(halted.runId()).orElseThrow().status()).isIn(RunState.ABORTED, RunState.PUBLISHED);
            assertExactlyOnce(job, catalog, storage, ids);
            compaction(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, false).run();
            assertThat(liveFiles(catalog, job.name())).hasSize(1);
            assertExactlyOnce(job, catalog, storage, ids);
        }
    }
}

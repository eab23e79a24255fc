package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.activityloader.admin.Repair;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourChangeRow;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.RunLimits;
import org.activityloader.config.TopicBinding;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillResult;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalog;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hour states on a real broker: partitions that advance at different speeds hold an hour open until
 * the slowest has passed it, an idle partition holds nothing, a quiet run completes the hours time
 * has closed, and a late event amends a complete hour (an extra file, its {@code _SUCCESS} rewritten).
 */
class HourStatesIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @RegisterExtension
    final TestCatalog postgres = TestCatalog.postgres();

    /** Two days back, so every event time is believable; the runs' clocks are set relative to it. */
    private static final Instant DAY = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    private static final LocalDate DATE = LocalDate.ofInstant(DAY, ZoneOffset.UTC);

    private static Instant at(int hour, int minute) {
        return DAY.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(minute));
    }

    private static PartitionKey hour(int h) {
        return new PartitionKey("click", DATE, h);
    }

    private JobSpec job(String topic, Path dir) {
        return job(topic, dir, TestCatalogs.h2(dir));
    }

    private JobSpec job(String topic, Path dir, CatalogSpec catalog) {
        JobSpec base = TestJobs.job(topic, kafka.bootstrapServers(), dir.resolve("warehouse"), catalog, List.of("click"));
        return base.withTopics(List.of(new TopicBinding(topic, "click")));
    }

    /** A run whose clock reads the given time. */
    private static RunSummary runAt(JobSpec job, Catalog catalog, Storage storage, Instant now) {
        Clock clock = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), now));
        return new LoadRun(job, catalog, storage, clock, Faults.NONE, () -> false).run();
    }

    private static void produce(String topic, int partition, List<Instant> times) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (Instant t : times) {
                String json = "{\"event_id\":\"" + java.util.UUID.randomUUID() + "\",\"event_time\":" + t.toEpochMilli()
                        + ",\"session_id\":\"s\",\"site\":\"shop.example\",\"url\":\"https://shop.example/p\",\"target\":\"buy\"}";
                producer.send(new ProducerRecord<>(topic, partition, t.toEpochMilli(), null, json.getBytes()));
            }
            producer.flush();
        }
    }

    private static Map<PartitionKey, HourRow> states(Catalog catalog, String job) {
        return catalog.hours().ofJob(job).stream().collect(Collectors.toMap(HourRow::key, Function.identity()));
    }

    private static JsonNode marker(Path warehouse, PartitionKey hour) throws Exception {
        Path file = warehouse.resolve(FileNames.successMarker(hour));
        return Files.exists(file) ? new ObjectMapper().readTree(file.toFile()) : null;
    }

    @Test
    void theSlowestPartitionHoldsAnHourOpenAnIdleOneDoesNotAndALateEventAmendsIt(@TempDir Path dir) throws Exception {
        String topic = "hours_speeds";
        kafka.createTopics(List.of(topic), 3);
        // Partition 0: ten events in hour 10. Partition 1: 100 events over hours 10 to 13. Partition 2: nothing.
        produce(topic, 0, java.util.stream.IntStream.range(0, 10).mapToObj(i -> at(10, i * 5)).toList());
        produce(topic, 1, java.util.stream.IntStream.range(0, 100).mapToObj(i -> at(10, 0).plusSeconds(i * 144L)).toList());
        JobSpec job = job(topic, dir);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            // 60 records at most: partition 0 all ten, partition 1 fifty (up to 11:57:36), so it is not caught up.
            runAt(job.withLimits(new RunLimits(60, Long.MAX_VALUE, Duration.ofHours(1), 1 << 20, 1.0)), catalog, storage, at(15, 30));
            Map<PartitionKey, HourRow> first = states(catalog, job.name());
            assertThat(first.get(hour(10)).state()).as("partition 1 is at 11:57, short of 12:00").isEqualTo(HourState.OPEN);
            assertThat(first.get(hour(11)).state()).isEqualTo(HourState.OPEN);
            assertThat(first).doesNotContainKey(hour(12));
            assertThat(marker(warehouse, hour(10))).isNull();

            RunSummary second = runAt(job, catalog, storage, at(15, 30));
            assertThat(second.counts().recordsRead()).isEqualTo(50);
            Map<PartitionKey, HourRow> closed = states(catalog, job.name());
            for (int h = 10; h <= 13; h++) {
                assertThat(closed.get(hour(h)).state()).as("hour %d: every partition caught up at 15:30", h).isEqualTo(HourState.COMPLETE);
                assertThat(closed.get(hour(h)).completedVersion()).isEqualTo(second.catalogVersion());
            }
            JsonNode ten = marker(warehouse, hour(10));
            assertThat(ten).isNotNull();
            assertThat(ten.get("state").asText()).isEqualTo("complete");
            assertThat(ten.get("records").asLong()).as("10 of partition 0, 25 of partition 1").isEqualTo(35);
            assertThat(ten.get("catalog_version").asLong()).isEqualTo(second.catalogVersion());

            // A late event for hour 10, in the idle partition.
            produce(topic, 2, List.of(at(10, 42)));
            RunSummary late = runAt(job, catalog, storage, at(16, 0));
            HourRow amended = states(catalog, job.name()).get(hour(10));
            assertThat(amended.state()).isEqualTo(HourState.AMENDED);
            assertThat(amended.amendments()).isEqualTo(1);
            assertThat(amended.lateRecords()).isEqualTo(1);
            assertThat(amended.completedVersion()).as("completed once").isEqualTo(second.catalogVersion());
            JsonNode rewritten = marker(warehouse, hour(10));
            assertThat(rewritten.get("state").asText()).isEqualTo("amended");
            assertThat(rewritten.get("records").asLong()).isEqualTo(36);
            assertThat(rewritten.get("catalog_version").asLong()).isEqualTo(late.catalogVersion());
            assertThat(states(catalog, job.name()).get(hour(11)).state()).as("untouched").isEqualTo(HourState.COMPLETE);
            List<HourChangeRow> changes = catalog.hours().changes(job.name());
            assertThat(changes).filteredOn(c -> c.key().equals(hour(10))).extracting(HourChangeRow::cause)
                    .containsExactly("completed", "late");
            assertThat(changes).allSatisfy(c -> assertThat(c.markerWrittenAt()).isNotNull());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("markers as the catalog says").isEmpty();

            // A marker deleted by hand: verify says so, verify --repair writes it again.
            Files.delete(warehouse.resolve(FileNames.successMarker(hour(11))));
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).extracting(Finding::kind).containsExactly("missing_marker");
            assertThat(new Repair(job, catalog, storage, Clock.systemUTC()).repair()).anySatisfy(a -> assertThat(a).contains("wrote"));
            assertThat(marker(warehouse, hour(11)).get("state").asText()).isEqualTo("complete");
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();

            // One copied into the folder of an hour without data, and one edited to name another hour.
            Path orphan = warehouse.resolve(FileNames.successMarker(hour(20)));
            Files.createDirectories(orphan.getParent());
            Files.copy(warehouse.resolve(FileNames.successMarker(hour(11))), orphan);
            Path edited = warehouse.resolve(FileNames.successMarker(hour(12)));
            Files.writeString(edited, Files.readString(edited).replace("\"hour\" : 12", "\"hour\" : 7"));
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).extracting(Finding::detail)
                    .anySatisfy(d -> assertThat(d).contains("hour=20/_SUCCESS is in an hour the job has no data for"))
                    .anySatisfy(d -> assertThat(d).contains("hour=12/_SUCCESS names another hour")).hasSize(2);
            new Repair(job, catalog, storage, Clock.systemUTC()).repair();
            assertThat(orphan).doesNotExist();
            assertThat(marker(warehouse, hour(12)).get("hour").asInt()).isEqualTo(12);
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    @Test
    void anHourCompletesOnlyOnceTheBackfillPublishingIntoItHasPutItsFilesInTheFolder(@TempDir Path dir) throws Exception {
        completesAfterTheBackfillPublishes("hours_backfill", TestCatalogs.h2(dir), dir);
    }

    @Test
    @Tag("postgres")
    void onPostgresTooAnHourCompletesOnlyOnceTheBackfillPublishingIntoItHasPutItsFilesInTheFolder(@TempDir Path dir) throws Exception {
        completesAfterTheBackfillPublishes("hours_backfill_pg", postgres.fresh(dir), dir);
    }

    /** A backfill of hour 10 in a thread of its own, held between its commit and its publish until {@link #finish}. */
    private record PausedBackfill(CompletableFuture<BackfillResult> run, CountDownLatch goOn) {
        static PausedBackfill start(JobSpec job, Catalog catalog, Storage storage) throws Exception {
            CountDownLatch committed = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            Faults paused = p -> {
                if (p == FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH) {
                    committed.countDown();
                    try {
                        goOn.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
            CompletableFuture<BackfillResult> run = CompletableFuture.supplyAsync(() -> new BackfillRun(new RunContext(job, catalog,
                    storage, Clock.systemUTC(), paused, () -> false, ProgressMode.NONE), new BackfillRequest(Set.of(hour(10)),
                    List.of("click"), false, "test", "tester", Duration.ofHours(1), false)).run());
            assertThat(committed.await(1, TimeUnit.MINUTES)).as("the backfill committed").isTrue();
            return new PausedBackfill(run, goOn);
        }

        void finish() throws Exception {
            goOn.countDown();
            run.get(1, TimeUnit.MINUTES);
        }
    }

    private void completesAfterTheBackfillPublishes(String topic, CatalogSpec catalogSpec, Path dir) throws Exception {
        kafka.createTopics(List.of(topic), 1);
        produce(topic, 0, List.of(at(10, 5), at(10, 20), at(10, 40)));
        JobSpec job = job(topic, dir, catalogSpec);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            runAt(job, catalog, storage, at(10, 50));
            PausedBackfill first = PausedBackfill.start(job, catalog, storage);
            try {
                // The backfill has committed hour 10's new files, which are still in staging.
                RunSummary passing = runAt(job, catalog, storage, at(12, 5));
                assertThat(states(catalog, job.name()).get(hour(10)).state()).as("held open while the backfill publishes")
                        .isEqualTo(HourState.OPEN);
                assertThat(passing.committed()).as("it had nothing to load and nothing it could complete").isFalse();
                assertThatThrownBy(new CompactionRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false,
                        ProgressMode.NONE), new CompactionRequest(k -> true, 1L << 28, false, Duration.ofMinutes(1)))::run)
                        .isInstanceOf(JobBusyException.class).hasMessageContaining("waits for it");
            } finally {
                first.finish();
            }
            RunSummary closing = runAt(job, catalog, storage, at(12, 10));
            assertThat(closing.committed()).isTrue();
            assertThat(states(catalog, job.name()).get(hour(10)).state()).isEqualTo(HourState.COMPLETE);
            JsonNode ten = marker(warehouse, hour(10));
            assertThat(ten.get("records").asLong()).isEqualTo(3);
            assertThat(ten.get("files").asLong()).as("the backfill's file, the one in the folder")
                    .isEqualTo(storage.listDataFiles().stream().filter(f -> f.startsWith(hour(10).directory())).count());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();

            // The other order: a backfill amends the complete hour and is still publishing when a late event
            // amends it again. The late run leaves the marker to the backfill, which writes it with both.
            PausedBackfill second = PausedBackfill.start(job, catalog, storage);
            try {
                produce(topic, 0, List.of(at(10, 55)));
                RunSummary late = runAt(job, catalog, storage, at(12, 30));
                assertThat(late.counts().recordsRead()).isEqualTo(1);
                assertThat(marker(warehouse, hour(10)).get("catalog_version").asLong()).as("not written over the backfill's files")
                        .isEqualTo(closing.catalogVersion());
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("a marker on its way is no finding").isEmpty();
            } finally {
                second.finish();
            }
            JsonNode amended = marker(warehouse, hour(10));
            HourRow row = states(catalog, job.name()).get(hour(10));
            assertThat(amended.get("state").asText()).isEqualTo("amended");
            assertThat(amended.get("records").asLong()).as("three rebuilt, one late").isEqualTo(4);
            assertThat(amended.get("catalog_version").asLong()).isEqualTo(row.changedVersion());
            assertThat(row.amendments()).isEqualTo(2);
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    @Test
    void aRunWithNothingToLoadCompletesTheHoursTimeHasClosed(@TempDir Path dir) throws Exception {
        String topic = "hours_quiet";
        kafka.createTopics(List.of(topic), 2);
        produce(topic, 0, List.of(at(10, 5), at(10, 50)));
        JobSpec job = job(topic, dir);
        Path warehouse = dir.resolve("warehouse");
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(warehouse.toUri())) {
            runAt(job, catalog, storage, at(11, 30));
            assertThat(states(catalog, job.name()).get(hour(10)).state()).as("11:30 is short of 12:00").isEqualTo(HourState.OPEN);
            RunSummary quiet = runAt(job, catalog, storage, at(11, 45));
            assertThat(quiet.committed()).as("nothing to load, nothing to complete: no commit").isFalse();

            RunSummary closing = runAt(job, catalog, storage, at(12, 5));
            assertThat(closing.committed()).isTrue();
            assertThat(closing.counts().recordsRead()).isZero();
            assertThat(states(catalog, job.name()).get(hour(10)).state()).isEqualTo(HourState.COMPLETE);
            assertThat(marker(warehouse, hour(10)).get("records").asLong()).isEqualTo(2);
            assertThat(runAt(job, catalog, storage, at(12, 20)).committed()).as("then quiet again").isFalse();
        }
    }
}

package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.Compression;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.OutputSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.LogCapture;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.FileFormats;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** One broker for the class; each test has its own topics' job name, warehouse and catalog. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoaderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    /** A job on its own fresh topic(s), so tests sharing the broker do not see each other's events. */
    private JobSpec freshJob(String name, Path dir, List<String> types) {
        JobSpec job = TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), types);
        return job;
    }

    @Test
    void nothingNewWritesNothingAndLayoutIsHiveStyle(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("signups"), 4);
        JobSpec job = freshJob("layout", dir, List.of("signup"));
        Catalog catalog = Catalog.open(job.catalog());
        Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 1)
                .produce(2_000, Instant.parse("2026-03-01T22:00:00Z"), 4, 0, List.of("signup"));
        try (Storage storage = new Storage(job.output().warehouse())) {
            RunSummary first = run(job, catalog, storage);
            assertThat(first.counts().recordsWritten()).isEqualTo(2_000);

            List<String> files = storage.listDataFiles();
            assertThat(files).isNotEmpty().allMatch(p ->
                    p.matches("activity_type=signup/date=2026-03-0[12]/hour=\\d\\d/part-" + first.runId() + "-\\d{5}\\.parquet"));
            assertThat(files.stream().map(p -> p.substring(0, p.lastIndexOf('/'))).distinct())
                    .containsExactlyInAnyOrder("activity_type=signup/date=2026-03-01/hour=22",
                            "activity_type=signup/date=2026-03-01/hour=23", "activity_type=signup/date=2026-03-02/hour=00",
                            "activity_type=signup/date=2026-03-02/hour=01");
            assertThat(storage.listNames("_staging")).as("staging folders left").isEmpty();
            assertThat(storage.listNames("")).doesNotContain("_dead_letter");

            // The manifest matches the files: path, size and record count of each.
            List<DataFileRow> manifest = catalog.manifest().published("layout");
            assertThat(manifest).extracting(DataFileRow::path).containsExactlyInAnyOrderElementsOf(files);
            for (DataFileRow f : manifest) {
                assertThat(storage.size(f.path())).isEqualTo(f.byteSize());
                assertThat(FileFormats.countRecords(storage, f.path(), OutputFormat.PARQUET)).isEqualTo(f.recordCount());
                assertThat(f.minEventTime()).isBeforeOrEqualTo(f.maxEventTime());
                assertThat(f.eventHour()).isEqualTo(f.minEventTime().atZone(java.time.ZoneOffset.UTC).getHour());
            }
            assertThat(manifest.stream().mapToLong(DataFileRow::recordCount).sum()).isEqualTo(produced.good());

            RunSummary second = run(job, catalog, storage);
            assertThat(second.counts().recordsRead()).isZero();
            assertThat(second.counts().filesWritten()).isZero();
            assertThat(storage.listDataFiles()).containsExactlyInAnyOrderElementsOf(files);
            assertThat(new WarehouseAudit(catalog, storage).verify("layout")).isEmpty();
        }
    }

    @Test
    void verifyFindsStrayMissingAndAlteredFiles(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks"), 4);
        JobSpec job = freshJob("audit", dir, List.of("click"));
        Catalog catalog = Catalog.open(job.catalog());
        new TrafficGenerator(kafka.bootstrapServers(), 2).produce(3_000, Instant.parse("2026-03-01T10:00:00Z"), 2, 0, List.of("click"));
        try (Storage storage = new Storage(job.output().warehouse())) {
            run(job, catalog, storage);
            WarehouseAudit audit = new WarehouseAudit(catalog, storage);
            assertThat(audit.verify("audit")).isEmpty();

            Path warehouse = Path.of(job.output().warehouse());
            Path stray = warehouse.resolve("activity_type=click/date=2026-03-01/hour=10/part-stray.parquet");
            Files.writeString(stray, "not committed");
            assertThat(audit.verify("audit")).extracting(Finding::kind).containsExactly("stray_file");
            Files.delete(stray);

            List<DataFileRow> files = catalog.manifest().published("audit");
            Path moved = warehouse.resolve(files.get(0).path());
            Path aside = dir.resolve("aside.parquet");
            Files.move(moved, aside);
            assertThat(audit.verify("audit")).extracting(Finding::kind).containsExactly("missing_file");

            Files.write(moved, Files.readAllBytes(aside), java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.write(moved, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
            assertThat(audit.verify("audit")).extracting(Finding::kind).containsExactly("size_mismatch");
            Files.move(aside, moved, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(audit.verify("audit")).isEmpty();
        }
    }

    @Test
    void rejectsLandInDeadLettersWithTheirReasons(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("searches"), 4);
        JobSpec job = freshJob("rejects", dir, List.of("search"));
        Catalog catalog = Catalog.open(job.catalog());
        long now = Instant.parse("2026-03-01T12:30:00Z").toEpochMilli();
        String good = "{\"event_id\":\"e-1\",\"event_time\":" + now + ",\"session_id\":\"s\",\"site\":\"x\",\"url\":\"u\","
                + "\"query\":\"q\",\"result_count\":3,\"surprise\":{\"nested\":[1,2]}}";
        Map<String, byte[]> bad = Map.of(
                "malformed_json", "{\"event_id\":\"e-2\",".getBytes(StandardCharsets.UTF_8),
                "schema_violation: missing", "{\"event_id\":\"e-3\",\"session_id\":\"s\",\"site\":\"x\",\"url\":\"u\",\"result_count\":1}".getBytes(StandardCharsets.UTF_8),
                "schema_violation: type", good.replace("\"result_count\":3", "\"result_count\":\"three\"").getBytes(StandardCharsets.UTF_8),
                "invalid_utf8", new byte[] {(byte) 0xc3, (byte) 0x28, '{', '}'},
                "empty_value", new byte[0]);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>("searches", 0, null, good.getBytes(StandardCharsets.UTF_8)));
            for (byte[] value : bad.values()) {
                producer.send(new ProducerRecord<>("searches", 0, null, value));
            }
            producer.send(new ProducerRecord<>("searches", 1, null, null)); // tombstone
            producer.flush();
        }
        try (Storage storage = new Storage(job.output().warehouse())) {
            RunSummary summary = run(job, catalog, storage);
            assertThat(summary.counts().recordsRead()).isEqualTo(7);
            assertThat(summary.counts().recordsWritten()).isEqualTo(1);
            assertThat(summary.counts().recordsRejected()).isEqualTo(6);
            assertThat(summary.counts().unknownFields()).isEqualTo(1);

            List<DeadLetterRow> rows = catalog.deadLetters().committed("rejects");
            assertThat(rows).hasSize(6);
            assertThat(rows).extracting(r -> r.reason().substring(0, r.reason().indexOf(':')))
                    .containsExactlyInAnyOrder("malformed_json", "schema_violation", "schema_violation", "invalid_utf8",
                            "empty_value", "tombstone");
            assertThat(rows).anySatisfy(r -> assertThat(r.reason()).contains("missing required field 'query'"));
            assertThat(rows).anySatisfy(r -> assertThat(r.reason()).contains("result_count").contains("expected an int"));

            // The dead-letter files keep every rejected record's bytes and reason, published beside the data.
            Path warehouse = Path.of(job.output().warehouse());
            List<JsonNode> lines;
            try (Stream<Path> files = Files.walk(warehouse.resolve("_dead_letter"))) {
                lines = files.filter(Files::isRegularFile).flatMap(LoaderIT::lines).toList();
            }
            assertThat(lines).hasSize(6);
            assertThat(lines).allSatisfy(l -> assertThat(l.get("reason").asText()).isNotBlank());
            assertThat(lines).anySatisfy(l -> assertThat(l.path("value").asText()).isEqualTo("{\"event_id\":\"e-2\","));
            assertThat(lines).anySatisfy(l -> assertThat(l.path("value_base64").asText()).isEqualTo("wyh7fQ=="));
            assertThat(lines).anySatisfy(l -> assertThat(l.get("value").isNull()).isTrue());

            ReadBack back = ReadBack.of(catalog, warehouse, "rejects");
            assertThat(back.eventIdCounts()).containsExactly(Map.entry("e-1", 1));
            assertThat(new WarehouseAudit(catalog, storage).verify("rejects")).isEmpty();
        }
    }

    @Test
    void avroFormatWritesContainerFilesWithTheSameGuarantees(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("page_views"), 4);
        JobSpec base = freshJob("avro", dir, List.of("page_view"));
        OutputSpec out = base.output();
        JobSpec job = base.withOutput(new OutputSpec(out.warehouse(), OutputFormat.AVRO, Compression.ZSTD,
                out.rowGroupBytes(), out.maxFileBytes(), out.maxOpenFiles()));
        Catalog catalog = Catalog.open(job.catalog());
        Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 3)
                .produce(5_000, Instant.now().truncatedTo(ChronoUnit.HOURS), 2, 0, List.of("page_view"));
        try (Storage storage = new Storage(job.output().warehouse())) {
            run(job, catalog, storage);
            List<DataFileRow> files = catalog.manifest().published("avro");
            assertThat(files).isNotEmpty().allMatch(f -> f.path().endsWith(".avro") && f.fileFormat() == OutputFormat.AVRO);
            long total = 0;
            for (DataFileRow f : files) {
                total += FileFormats.countRecords(storage, f.path(), OutputFormat.AVRO);
            }
            assertThat(total).isEqualTo(produced.good());
            assertThat(new WarehouseAudit(catalog, storage).verify("avro")).isEmpty();
        }
    }

    @Test
    void moreInterleavedHoursThanOpenFilesCloseFilesEarlyWithAWarningAndLoseNothing(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks"), 4);
        JobSpec base = freshJob("interleaved", dir, List.of("click"));
        OutputSpec out = base.output();
        JobSpec job = base.withOutput(new OutputSpec(out.warehouse(), out.format(), out.compression(),
                out.rowGroupBytes(), out.maxFileBytes(), 2));
        Catalog catalog = Catalog.open(job.catalog());
        new TrafficGenerator(kafka.bootstrapServers(), 5)
                .produce(400, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3)), 3, 0, List.of("click"));
        try (Storage storage = new Storage(job.output().warehouse());
             LogCapture log = LogCapture.start(List.of("closed early"))) {
            RunSummary summary = run(job, catalog, storage); // the clicks topic may hold other tests' events too

            assertThat(summary.counts().recordsRead()).isGreaterThanOrEqualTo(400);
            assertThat(summary.counts().recordsWritten() + summary.counts().recordsRejected())
                    .isEqualTo(summary.counts().recordsRead());
            assertThat(summary.counts().filesWritten()).as("three or more hours through two open files").isGreaterThan(3);
            assertThat(log.hits()).singleElement().asString()
                    .contains("closed early because more than output.max_open_files (2) hours");
            assertThat(new WarehouseAudit(catalog, storage).verify("interleaved")).isEmpty();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Stream<JsonNode> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(l -> {
                try {
                    return JSON.readTree(l);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogContents;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.Compression;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.OutputSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.FullDiskFileSystem;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.testing.TruncatingFileSystem;
import org.activityloader.write.FileFormats;
import org.activityloader.write.Storage;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The warehouse's file system fails under the run: the disk fills up (at the first byte, at seal,
 * mid-run while files roll), or files silently lose their end. The run fails cleanly, commits
 * nothing, leaves no staging, and the next run on a healthy file system loads every event once.
 * The faulty file systems are test classes registered by scheme in src/test/resources/core-site.xml.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StorageFaultsIT {
    private static final int GOOD = 300;
    private static final int BAD = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    /** A search job on its own topic, writing to the given warehouse URI. */
    private JobSpec job(String name, URI warehouse, Path catalogDir, OutputFormat format, long maxFileBytes) {
        JobSpec base = TestJobs.job(name, kafka.bootstrapServers(), catalogDir.resolve("unused"), TestCatalogs.h2(catalogDir),
                List.of("search"));
        OutputSpec out = base.output();
        JobSpec job = new JobSpec(base.name(), base.source(), base.kafka(), List.of(new TopicBinding(name, "search")),
                base.eventTime(), base.schemasDir(), base.output(), base.catalog(), base.limits(), base.onGap(),
                base.leaseTimeout(), base.schedule(), base.scheduleZone(), base.vacuumGrace(), base.hours(), base.shards());
        return job.withOutput(new OutputSpec(warehouse, format, Compression.SNAPPY, out.rowGroupBytes(), maxFileBytes,
                out.maxOpenFiles()));
    }

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // case,                      format,  bytes a file may take, max_file_size
            "no room at all,              PARQUET, 0,      268435456",
            "data file full when sealed,  PARQUET, 2000,   268435456",
            "full mid-run as files roll,  PARQUET, 600,    1",
            "avro file full when sealed,  AVRO,    3000,   268435456",
    })
    void aFullDiskFailsTheRunCleanlyAndTheNextRunLoadsEverythingOnce(String what, OutputFormat format, long room,
                                                                     long maxFileBytes, @TempDir Path dir) throws Exception {
        String name = "full_" + Math.abs(what.hashCode());
        kafka.createTopics(List.of(name), 2);
        Set<String> ids = produce(name, GOOD, BAD);
        Path warehouse = dir.resolve("warehouse");
        JobSpec full = job(name, FullDiskFileSystem.warehouse(warehouse, room), dir, format, maxFileBytes);
        Catalog catalog = Catalog.open(full.catalog());

        try (Storage storage = new Storage(full.output().warehouse())) {
            assertThat(storage.fileSystem()).isInstanceOf(FullDiskFileSystem.class);
            Throwable failure = catchThrowable(() -> run(full, catalog, storage));
            assertThat(failure).as(what).isNotNull();
            assertThat(failure.getMessage()).as("the one-line reason of %s", failure).contains("No space left on device");
            assertNothingCommitted(catalog, name, warehouse, "No space left on device");
        }

        // The same file system with room (and files of the usual size): everything loads, once.
        OutputSpec out = full.output();
        JobSpec roomy = full.withOutput(new OutputSpec(FullDiskFileSystem.warehouse(warehouse, 1L << 40), out.format(),
                out.compression(), out.rowGroupBytes(), 256L << 20, out.maxOpenFiles()));
        assertEverythingLoadsOnce(roomy, catalog, name, warehouse, ids, BAD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "parquet loses its footer's end,  PARQUET, 16",
            "avro loses its last block's end, AVRO,    16",
    })
    void aTruncatedDataFileFailsItsReadBackAndIsNeverCommitted(String what, OutputFormat format, long drop,
                                                               @TempDir Path dir) throws Exception {
        String name = "trunc_" + Math.abs(what.hashCode());
        kafka.createTopics(List.of(name), 2);
        Set<String> ids = produce(name, GOOD, 0);
        Path warehouse = dir.resolve("warehouse");
        JobSpec lossy = job(name, TruncatingFileSystem.warehouse(warehouse, drop), dir, format, 256L << 20);
        Catalog catalog = Catalog.open(lossy.catalog());

        try (Storage storage = new Storage(lossy.output().warehouse())) {
            assertThat(storage.fileSystem()).isInstanceOf(TruncatingFileSystem.class);
            Throwable failure = catchThrowable(() -> run(lossy, catalog, storage));
            assertThat(failure).as("a run whose staged files lost %d bytes each", drop).isNotNull();
            assertThat(failure.getMessage()).as("the one-line reason of %s", failure).contains("_staging/");
            assertNothingCommitted(catalog, name, warehouse, "_staging/");
        }

        // The plain local file system: everything loads, once.
        JobSpec healthy = lossy.withOutput(withWarehouse(lossy.output(), warehouse.toUri()));
        assertEverythingLoadsOnce(healthy, catalog, name, warehouse, ids, 0);
    }

    /**
     * Dead-letter files are files too: one that lost its end must not be committed as if it held
     * every rejected record's bytes and reason (either the run fails before committing, or every
     * dead_letter row has its line in the file).
     */
    @Test
    void aTruncatedDeadLetterFileIsNotCommittedAsComplete(@TempDir Path dir) throws Exception {
        String name = "trunc_dead_letters";
        kafka.createTopics(List.of(name), 1);
        produce(name, 0, 20);
        Path warehouse = dir.resolve("warehouse");
        JobSpec lossy = job(name, TruncatingFileSystem.warehouse(warehouse, 16), dir, OutputFormat.PARQUET, 256L << 20);
        Catalog catalog = Catalog.open(lossy.catalog());
        try (Storage storage = new Storage(lossy.output().warehouse())) {
            Throwable failure = catchThrowable(() -> run(lossy, catalog, storage));
            List<DeadLetterRow> rows = deadLetters(catalog, name);
            if (failure != null) {
                assertNothingCommitted(catalog, name, warehouse, "");
                return;
            }
            assertThat(rows).hasSize(20);
            Set<String> files = rows.stream().map(DeadLetterRow::filePath).collect(Collectors.toSet());
            long wholeLines = 0;
            for (String f : files) {
                for (String line : Files.readAllLines(warehouse.resolve(f))) {
                    try {
                        JSON.readTree(line);
                        wholeLines++;
                    } catch (IOException e) {
                        // a line cut short: that record's bytes and reason are lost
                    }
                }
            }
            assertThat(wholeLines).as("whole dead-letter lines in %s for %d committed dead_letter rows", files, rows.size())
                    .isEqualTo(rows.size());
        }
    }

    private static void assertNothingCommitted(Catalog catalog, String job, Path warehouse, String error) throws IOException {
        assertThat(allPaths(catalog)).as("data_file rows").isEmpty();
        assertThat(deadLetters(catalog, job)).as("dead_letter rows").isEmpty();
        assertThat(offsets(catalog, job)).as("stored offsets").isEmpty();
        assertThat(runs(catalog, job)).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(RunState.FAILED);
            assertThat(r.error()).contains(error);
        });
        try (Stream<Path> files = Files.exists(warehouse) ? Files.walk(warehouse) : Stream.empty()) {
            assertThat(files.filter(Files::isRegularFile).map(warehouse::relativize).map(Path::toString)
                    .filter(p -> !p.equals(WarehouseClaim.MARKER)).toList()).as("files left in the warehouse (staging included)").isEmpty();
        }
    }

    private static void assertEverythingLoadsOnce(JobSpec job, Catalog catalog, String name, Path warehouse, Set<String> ids,
                                                  long bad) throws Exception {
        try (Storage storage = new Storage(job.output().warehouse())) {
            RunSummary summary = run(job, catalog, storage);
            assertThat(summary.counts().recordsWritten()).isEqualTo(ids.size());
            assertThat(summary.counts().recordsRejected()).isEqualTo(bad);
            Map<String, Integer> back = eventIds(catalog, warehouse, name, job.output().format());
            assertThat(back.keySet()).isEqualTo(ids);
            assertThat(back.values()).as("copies of each event").containsOnly(1);
            assertThat(deadLetters(catalog, name)).hasSize((int) bad);
            List<DataFileRow> files = catalog.manifest().published(name);
            assertThat(files).isNotEmpty();
            for (DataFileRow f : files) {
                assertThat(storage.size(f.path())).isEqualTo(f.byteSize());
                assertThat(FileFormats.countRecords(storage, f.path(), job.output().format())).isEqualTo(f.recordCount());
            }
            assertThat(offsets(catalog, name).stream().mapToLong(StoredOffset::nextOffset).sum()).isEqualTo(ids.size() + bad);
            assertThat(new WarehouseAudit(catalog, storage).verify(name)).isEmpty();
            assertThat(storage.listNames("_staging")).isEmpty();
            assertThat(run(job, catalog, storage).counts().recordsRead()).as("a run with nothing new").isZero();
        }
    }

    /** Event ids in the published files, read with DuckDB (Parquet) or Avro's own reader. */
    private static Map<String, Integer> eventIds(Catalog catalog, Path warehouse, String job, OutputFormat format)
            throws Exception {
        if (format == OutputFormat.PARQUET) {
            return ReadBack.of(catalog, warehouse, job).eventIdCounts();
        }
        Map<String, Integer> ids = new HashMap<>();
        for (DataFileRow f : catalog.manifest().published(job)) {
            try (DataFileReader<GenericRecord> reader = new DataFileReader<>(warehouse.resolve(f.path()).toFile(),
                    new GenericDatumReader<>())) {
                reader.forEach(r -> ids.merge(r.get("event_id").toString(), 1, Integer::sum));
            }
        }
        return ids;
    }

    /** Good search events (ids returned) and malformed ones, spread over the topic's partitions. */
    private Set<String> produce(String topic, int good, int bad) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // no producer-id round trip to the controller
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000"); // a stuck broker fails the test, not hangs it
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        long time = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        Set<String> ids = new HashSet<>();
        List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < good; i++) {
                String id = topic + "-" + i;
                ids.add(id);
                String event = "{\"event_id\":\"" + id + "\",\"event_time\":" + (time + i) + ",\"session_id\":\"s" + (i % 7)
                        + "\",\"site\":\"shop.example\",\"url\":\"/search?q=" + i + "\",\"query\":\"q" + i + "\",\"result_count\":" + i + "}";
                sent.add(producer.send(new ProducerRecord<>(topic, event.getBytes(StandardCharsets.UTF_8))));
            }
            for (int i = 0; i < bad; i++) {
                sent.add(producer.send(new ProducerRecord<>(topic, ("{\"event_id\":\"bad-" + i + "\",").getBytes(StandardCharsets.UTF_8))));
            }
            for (var f : sent) {
                f.get();
            }
        }
        return ids;
    }

    private static OutputSpec withWarehouse(OutputSpec out, URI warehouse) {
        return new OutputSpec(warehouse, out.format(), out.compression(), out.rowGroupBytes(), out.maxFileBytes(), out.maxOpenFiles());
    }

    private static List<String> allPaths(Catalog catalog) {
        return CatalogContents.allPaths(catalog);
    }

    private static List<DeadLetterRow> deadLetters(Catalog catalog, String job) {
        return catalog.deadLetters().committed(job);
    }

    private static List<StoredOffset> offsets(Catalog catalog, String job) {
        return catalog.offsets().of(job).all();
    }

    private static List<RunRow> runs(Catalog catalog, String job) {
        return catalog.runs().recent(job, 10);
    }

}

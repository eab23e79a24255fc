package org.activityloader.commit;

import static org.activityloader.testing.AvroEvents.singleObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.activityloader.config.EventTimeSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.fault.Faults;
import org.activityloader.embedded.TrafficGenerator.Hour;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RejectRatioException;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run over a topic holding one record of every kind of bad input plus good ones: every bad
 * record is a dead letter with its specific reason, the good ones load exactly once, the run
 * succeeds, and nothing an event says can move a file outside the warehouse. Then the reject
 * ratio limit: too many rejects fail the run before anything is committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private static final ActivitySchemas SCHEMAS =
            ActivitySchemas.load(TestJobs.SCHEMAS, List.of("search", "click"));

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    /** A search job on one topic with a real event-time horizon: 30 days back, 1 hour ahead. */
    private JobSpec job(String name, String topic, Path warehouse, Path catalogDir) {
        JobSpec base = TestJobs.job(name, kafka.bootstrapServers(), warehouse, TestCatalogs.h2(catalogDir), List.of("search"));
        return new JobSpec(base.name(), base.source(), base.kafka(), List.of(new TopicBinding(topic, "search")),
                new EventTimeSpec("event_time", ZoneOffset.UTC, Duration.ofDays(30), Duration.ofHours(1)),
                base.schemasDir(), base.output(), base.catalog(), base.limits(), base.onGap(), base.leaseTimeout(),
                base.schedule(), base.scheduleZone(), base.vacuumGrace(), base.hours(), base.shards());
    }

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    private static String search(String id, String eventTime) {
        return "{\"event_id\":\"" + id + "\"" + (eventTime == null ? "" : ",\"event_time\":" + eventTime)
                + ",\"session_id\":\"s-" + id + "\",\"site\":\"shop.example\",\"url\":\"/search\",\"query\":\"red shoes\","
                + "\"result_count\":42}";
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What to produce, in order, and what each record must become. */
    private record Case(String name, byte[] value, String expectedReasonPrefix, String expectedDetail) {
        boolean good() {
            return expectedReasonPrefix == null;
        }
    }

    @Test
    void everyKindOfBadInputBecomesADeadLetterWithItsReasonAndTheRunSucceeds(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("bad_input"), 1);
        Path nest = dir.resolve("nest/a");
        Path warehouse = nest.resolve("warehouse");
        JobSpec job = job("bad_input", "bad_input", warehouse, dir);
        Catalog catalog = Catalog.open(job.catalog());

        Instant now = Instant.now();
        long recent = now.minus(1, ChronoUnit.HOURS).toEpochMilli();
        String recentIso = "\"" + now.minus(2, ChronoUnit.HOURS).atOffset(ZoneOffset.ofHours(2)) + "\"";
        Schema search = SCHEMAS.get("search").schema();
        Schema click = SCHEMAS.get("click").schema();
        String good = search("x", Long.toString(recent));

        List<Case> cases = new ArrayList<>(List.of(
                new Case("good, epoch millis", utf8(search("g-millis", Long.toString(recent))), null, null),
                new Case("malformed json", utf8("{\"event_id\":\"b-1\","), "malformed_json", "end-of-input"),
                new Case("wrong type", utf8(good.replace("\"result_count\":42", "\"result_count\":\"three\"")),
                        "schema_violation", "field 'result_count' expected an int, found a string"),
                new Case("missing required field", utf8(good.replace("\"query\":\"red shoes\",", "")),
                        "schema_violation", "missing required field 'query'"),
                new Case("null not allowed", utf8(good.replace("\"session_id\":\"s-x\"", "\"session_id\":null")),
                        "schema_violation", "field 'session_id' is null but the schema does not allow null"),
                new Case("good, ISO-8601 with offset", utf8(search("g-iso", recentIso)), null, null),
                new Case("empty value", new byte[0], "empty_value", "empty"),
                new Case("null value", null, "tombstone", "null value"),
                new Case("invalid UTF-8", withBytes(good.replace("shop.example", "shop@example"), "@", (byte) 0xc3, (byte) 0x28),
                        "invalid_utf8", "UTF-8"),
                new Case("5 MB event", utf8(good.replace("{", "{\"padding\":\"" + "x".repeat(5 << 20) + "\",")),
                        "too_large", "more than limits.max_event_size (1048576)"),
                new Case("int out of range", utf8(good.replace("\"result_count\":42", "\"result_count\":3000000000")),
                        "schema_violation", "field 'result_count' value 3000000000 is out of range for int"),
                new Case("long out of range", utf8(search("b-long", "99999999999999999999")),
                        "schema_violation", "field 'event_time' value 99999999999999999999 is out of range for long"),
                new Case("unparseable timestamp", utf8(search("b-ts", "\"yesterday\"")),
                        "schema_violation", "field 'event_time' value 'yesterday' is not an ISO-8601 time"),
                new Case("impossible date", utf8(search("b-date", "\"2026-02-30T10:00:00Z\"")),
                        "schema_violation", "'2026-02-30T10:00:00Z' is not an ISO-8601 time"),
                new Case("timestamp without offset", utf8(search("b-local", "\"2026-02-01T10:00:00\"")),
                        "schema_violation", "is not an ISO-8601 time with offset"),
                new Case("far past", utf8(search("b-past", Long.toString(now.minus(400, ChronoUnit.DAYS).toEpochMilli()))),
                        "time_out_of_range", "max_past"),
                new Case("far future", utf8(search("b-future", "\"" + now.plus(2, ChronoUnit.DAYS) + "\"")),
                        "time_out_of_range", "max_future"),
                new Case("good, Kafka timestamp", utf8(search("g-kafka-time", null)), null, null),
                new Case("avro of an unknown schema", singleObject(click, clickEvent(recent)), "unknown_schema", "fingerprint"),
                new Case("truncated avro", truncate(singleObject(search, searchEvent("b-avro-cut", recent)), 6),
                        "malformed_avro", ""),
                new Case("good, avro", singleObject(search, searchEvent("g-avro", recent)), null, null),
                new Case("good, hostile content", utf8("{\"activity_type\":\"../../etc\",\"event_id\":\"g-hostile\","
                        + "\"event_time\":" + recent + ",\"session_id\":\"../../../tmp\",\"site\":\"/etc/passwd\","
                        + "\"url\":\"file:///../../x\",\"query\":\"%2e%2e%2f\",\"result_count\":1,"
                        + "\"date\":\"../..\",\"hour\":\"../../../..\",\"_staging\":\"..\"}"), null, null)));

        Map<Long, Case> byOffset = produce("bad_input", cases);
        long bad = cases.stream().filter(c -> !c.good()).count();
        Set<String> goodIds = Set.of("g-millis", "g-iso", "g-kafka-time", "g-avro", "g-hostile");
        assertThat(goodIds).hasSize((int) cases.stream().filter(Case::good).count());

        try (Storage storage = new Storage(job.output().warehouse())) {
            RunSummary summary = run(job, catalog, storage);

            assertThat(summary.counts().recordsRead()).isEqualTo(cases.size());
            assertThat(summary.counts().recordsWritten()).isEqualTo(goodIds.size());
            assertThat(summary.counts().recordsRejected()).isEqualTo(bad);

            // Every bad record: one dead letter at its offset with its specific reason; no good one among them.
            Map<Long, String> reasons = new TreeMap<>();
            for (DeadLetterRow r : deadLetters(catalog, "bad_input")) {
                assertThat(reasons.put(r.kafkaOffset(), r.reason())).as("one dead letter per offset").isNull();
                assertThat(r.topic()).isEqualTo("bad_input");
            }
            Map<Long, String> expected = new TreeMap<>();
            byOffset.forEach((offset, c) -> {
                if (!c.good()) {
                    expected.put(offset, c.name());
                }
            });
            assertThat(reasons.keySet()).as("offsets of the dead letters").isEqualTo(expected.keySet());
            byOffset.forEach((offset, c) -> {
                if (!c.good()) {
                    assertThat(reasons.get(offset)).as(c.name())
                            .startsWith(c.expectedReasonPrefix() + ": ").contains(c.expectedDetail());
                }
            });

            // The good ones, exactly once, read back with DuckDB; all under the topic's activity type.
            ReadBack back = ReadBack.of(catalog, warehouse, "bad_input");
            assertThat(back.eventIdCounts()).containsOnlyKeys(goodIds).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
            assertThat(back.byHour().keySet()).extracting(Hour::activityType).containsOnly("search");

            // Nothing outside the warehouse: the only entries on the way to it are the path itself.
            assertThat(names(dir.resolve("nest"))).containsExactly("a");
            assertThat(names(nest)).containsExactly("warehouse");
            assertThat(names(warehouse)).contains("activity_type=search", "_dead_letter")
                    .isSubsetOf("activity_type=search", "_dead_letter", "_staging", "_loader");
            assertThat(names(warehouse.resolve("_staging"))).as("staging left").isEmpty();
            assertThat(names(dir)).allMatch(n -> n.equals("nest") || n.startsWith("catalog"), "only the warehouse and the catalog");
            List<String> files = relativeFiles(warehouse);
            assertThat(files).isNotEmpty().allMatch(p -> !p.contains("..") && (
                    p.matches("activity_type=search/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/part-" + summary.runId() + "-\\d{5}\\.parquet")
                    || p.matches("activity_type=search/date=\\d{4}-\\d\\d-\\d\\d/hour=\\d\\d/_SUCCESS")
                    || p.equals("_dead_letter/" + summary.runId() + "/bad_input-0.jsonl") || p.equals(WarehouseClaim.MARKER)),
                    "Hive paths, complete hours' markers, the dead-letter file or the catalog's mark");
            assertThat(published(catalog, "bad_input"))
                    .allSatisfy(f -> assertThat(f.activityType()).isEqualTo("search"));

            // The 5 MB event's bytes are kept whole in the dead-letter file.
            String deadLetters = Files.readString(warehouse.resolve("_dead_letter/" + summary.runId() + "/bad_input-0.jsonl"));
            assertThat(deadLetters.lines()).hasSize((int) bad);
            assertThat(deadLetters.length()).isGreaterThan(5 << 20);

            assertThat(new WarehouseAudit(catalog, storage).verify("bad_input")).isEmpty();
            assertThat(offsets(catalog, "bad_input"))
                    .extracting(StoredOffset::nextOffset).containsExactly((long) cases.size());
        }
    }

    /**
     * An ISO-8601 event time past what epoch millis hold (year 292,278,994) is one bad event like
     * any other: a dead letter, not an exception that fails this run and every run after it.
     */
    @Test
    void anEventTimeBeyondEpochMillisIsADeadLetterNotAPoisonPill(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("far_years"), 1);
        JobSpec job = job("far_years", "far_years", dir.resolve("warehouse"), dir);
        Catalog catalog = Catalog.open(job.catalog());
        long recent = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        produce("far_years", List.of(
                new Case("good", utf8(search("g-1", Long.toString(recent))), null, null),
                new Case("year 292278995", utf8(search("b-1", "\"+292278995-01-01T00:00:00Z\"")), "schema_violation", ""),
                new Case("good", utf8(search("g-2", Long.toString(recent))), null, null)));
        try (Storage storage = new Storage(job.output().warehouse())) {
            RunSummary summary = run(job, catalog, storage);
            assertThat(summary.counts().recordsWritten()).isEqualTo(2);
            assertThat(deadLetters(catalog, "far_years"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.kafkaOffset()).isEqualTo(1);
                        assertThat(r.reason()).startsWith("schema_violation: ").contains("event_time");
                    });
        }
    }

    /**
     * Avro single-object strings are bytes the decoder takes as they are; bytes that are not UTF-8
     * must be a dead letter, not a Parquet file that DuckDB (and other readers) refuse to read.
     */
    @Test
    void anAvroEventWithTextThatIsNotUtf8IsADeadLetterAndTheFilesStayReadable(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("avro_not_utf8"), 1);
        Path warehouse = dir.resolve("warehouse");
        JobSpec job = job("avro_not_utf8", "avro_not_utf8", warehouse, dir);
        Catalog catalog = Catalog.open(job.catalog());
        long recent = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        GenericRecord notUtf8 = searchEvent("b-avro-utf8", recent);
        notUtf8.put("session_id", new org.apache.avro.util.Utf8(new byte[] {'s', (byte) 0xc3, 0x28, '!'}));
        Schema search = SCHEMAS.get("search").schema();
        produce("avro_not_utf8", List.of(
                new Case("good", singleObject(search, searchEvent("g-1", recent)), null, null),
                new Case("not UTF-8", singleObject(search, notUtf8), "invalid_utf8", ""),
                new Case("good", utf8(search("g-2", Long.toString(recent))), null, null)));
        try (Storage storage = new Storage(job.output().warehouse())) {
            run(job, catalog, storage);
            assertThat(deadLetters(catalog, "avro_not_utf8")).singleElement().satisfies(r -> {
                assertThat(r.kafkaOffset()).isEqualTo(1);
                assertThat(r.reason()).startsWith("invalid_utf8: ");
            });
            assertThat(ReadBack.of(catalog, warehouse, "avro_not_utf8").eventIdCounts())
                    .containsOnlyKeys("g-1", "g-2");
        }
    }

    @Test
    void tooManyRejectsFailTheRunBeforeItCommitsAnything(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("half_bad"), 2);
        Path warehouse = dir.resolve("warehouse");
        JobSpec lenient = job("half_bad", "half_bad", warehouse, dir);
        JobSpec strict = lenient.withLimits(lenient.limits().withMaxRejectRatio(0.1));
        Catalog catalog = Catalog.open(strict.catalog());
        long recent = Instant.now().minus(1, ChronoUnit.HOURS).toEpochMilli();
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cases.add(i % 2 == 0
                    ? new Case("good", utf8(search("g-" + i, Long.toString(recent))), null, null)
                    : new Case("bad", utf8("{\"event_id\":\"b-" + i), "malformed_json", ""));
        }
        produce("half_bad", cases);

        try (Storage storage = new Storage(strict.output().warehouse())) {
            assertThatThrownBy(() -> run(strict, catalog, storage))
                    .isInstanceOf(RejectRatioException.class)
                    .hasMessageContaining("10 of 20 records (50.0%) were rejected")
                    .hasMessageContaining("limits.max_reject_ratio (10.0%)")
                    .hasMessageContaining("nothing is committed");

            assertThat(allPaths(catalog)).as("data_file rows").isEmpty();
            assertThat(deadLetters(catalog, "half_bad")).as("dead_letter rows").isEmpty();
            assertThat(offsets(catalog, "half_bad")).as("stored offsets").isEmpty();
            assertThat(storage.listFiles("")).as("files in the warehouse: only the catalog's mark").containsExactly(WarehouseClaim.MARKER);
            assertThat(storage.listNames("_staging")).as("staging left").isEmpty();
            List<RunRow> runs = runs(catalog, "half_bad");
            assertThat(runs).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(RunState.FAILED);
                assertThat(r.error()).contains("10 of 20 records");
            });

            // The limit raised (default 1.0): the same offsets load, each once.
            RunSummary summary = run(lenient, catalog, storage);
            assertThat(summary.counts().recordsRead()).isEqualTo(20);
            assertThat(summary.counts().recordsWritten()).isEqualTo(10);
            assertThat(deadLetters(catalog, "half_bad")).hasSize(10);
            assertThat(ReadBack.of(catalog, warehouse, "half_bad").eventIdCounts())
                    .hasSize(10).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
            assertThat(offsets(catalog, "half_bad"))
                    .extracting(StoredOffset::nextOffset).containsExactly(10L, 10L);
            assertThat(new WarehouseAudit(catalog, storage).verify("half_bad")).isEmpty();
        }
    }

    // The catalog's answers the assertions below read, typed.
    static List<DeadLetterRow> deadLetters(Catalog catalog, String job) {
        return catalog.deadLetters().committed(job);
    }

    static List<StoredOffset> offsets(Catalog catalog, String job) {
        return catalog.offsets().of(job).all();
    }

    static List<String> allPaths(Catalog catalog) {
        return CatalogContents.allPaths(catalog);
    }

    static List<DataFileRow> published(Catalog catalog, String job) {
        return catalog.manifest().published(job);
    }

    static List<RunRow> runs(Catalog catalog, String job) {
        return catalog.runs().recent(job, 10);
    }

    /** Produces the cases to partition 0 of the topic (all partitions in turn if more), in order; returns them by offset. */
    private Map<Long, Case> produce(String topic, List<Case> cases) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(8 << 20));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false"); // sent one at a time anyway: order is kept
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        Map<Long, Case> byOffset = new LinkedHashMap<>();
        int partitions;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            partitions = producer.partitionsFor(topic).size();
            int i = 0;
            for (Case c : cases) {
                int partition = partitions == 1 ? 0 : i++ % partitions;
                long offset = producer.send(new ProducerRecord<>(topic, partition, null, c.value())).get().offset();
                if (partition == 0) {
                    byOffset.put(offset, c);
                }
            }
        }
        return byOffset;
    }

    private static GenericRecord searchEvent(String id, long time) {
        GenericRecord r = new GenericData.Record(SCHEMAS.get("search").schema());
        r.put("event_id", id);
        r.put("event_time", time);
        r.put("session_id", "s");
        r.put("site", "shop.example");
        r.put("url", "/search");
        r.put("query", "boots");
        r.put("result_count", 7);
        r.put("results_page", 1);
        return r;
    }

    private static GenericRecord clickEvent(long time) {
        GenericRecord r = new GenericData.Record(SCHEMAS.get("click").schema());
        r.put("event_id", "b-click");
        r.put("event_time", time);
        r.put("session_id", "s");
        r.put("site", "x");
        r.put("url", "/");
        r.put("target", "buy");
        return r;
    }

    private static byte[] truncate(byte[] value, int drop) {
        return java.util.Arrays.copyOf(value, value.length - drop);
    }

    /** The text's UTF-8 bytes with the marker replaced by the given raw bytes. */
    private static byte[] withBytes(String text, String marker, byte... raw) {
        int at = text.indexOf(marker);
        byte[] before = utf8(text.substring(0, at));
        byte[] after = utf8(text.substring(at + marker.length()));
        ByteBuffer out = ByteBuffer.allocate(before.length + raw.length + after.length);
        return out.put(before).put(raw).put(after).array();
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .collect(Collectors.toCollection(TreeSet::new)).stream().toList();
        }
    }
}

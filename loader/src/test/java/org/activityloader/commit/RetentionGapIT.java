package org.activityloader.commit;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogContents;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.GapPolicy;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.partition.HourlyPartitioner;
import org.activityloader.partition.PartitionKey;
import org.activityloader.embedded.TrafficGenerator.Hour;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.source.OffsetGap;
import org.activityloader.source.SourceException;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention deleted offsets before they were loaded (the stored next offset is below Kafka's log
 * start), and a topic deleted and recreated under the job. A gap is recorded and reported, never
 * silent; with on_gap = fail nothing is loaded; a recreated topic is refused.
 */
class RetentionGapIT {
    private static final String TOPIC = "clicks";
    private static final List<String> TYPES = List.of("click");
    private static final int PARTITIONS = 4;
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Admin admin;

    @BeforeEach
    void freshTopic() throws Exception {
        // A topic of its own per test: each test moves log start offsets or deletes the topic.
        kafka.recreateTopic(TOPIC, PARTITIONS);
        admin = kafka.admin();
    }

    private JobSpec job(String name, Path dir) {
        return TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
    }

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    private Traffic produce(long seed, int events, String firstHour) {
        // No malformed events: every deleted record is a good one whose id and hour the test can read back.
        return new TrafficGenerator(kafka.bootstrapServers(), seed).produce(events, Instant.parse(firstHour), 3, 0, TYPES);
    }

    @Test
    void deletedOffsetsBecomeRecordedGapsAndEverythingElseLoadsExactlyOnce(@TempDir Path dir) throws Exception {
        JobSpec job = job("gap-skip", dir);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            Traffic first = produce(31, 2_000, "2026-07-01T00:00:00Z");
            run(job, catalog, storage);
            Map<Integer, Long> loaded = storedOffsets(catalog, job);
            assertThat(loaded).hasSize(PARTITIONS);

            Traffic second = produce(32, 2_000, "2026-07-01T02:00:00Z");
            Map<Integer, Long> end = endOffsets();
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(end.get(p) - loaded.get(p)).as("new records in partition " + p).isGreaterThan(10);
            }
            // Partition 1: retention took half of the new records; partition 3: all of them.
            long cut1 = loaded.get(1) + (end.get(1) - loaded.get(1)) / 2;
            long cut3 = end.get(3);
            Lost lost = read(Map.of(1, new long[] {loaded.get(1), cut1}, 3, new long[] {loaded.get(3), cut3}));
            assertThat(lost.ids()).hasSize((int) (cut1 - loaded.get(1) + cut3 - loaded.get(3)));
            kafka.deleteRecordsBefore(TOPIC, 1, cut1);
            kafka.deleteRecordsBefore(TOPIC, 3, cut3);

            RunSummary withGaps = run(job, catalog, storage);
            OffsetGap gap1 = new OffsetGap(TOPIC, 1, loaded.get(1), cut1);
            OffsetGap gap3 = new OffsetGap(TOPIC, 3, loaded.get(3), cut3);
            assertThat(withGaps.gaps()).containsExactlyInAnyOrder(gap1, gap3);
            assertThat(withGaps.describe())
                    .contains("WARNING: offsets [" + loaded.get(1) + ", " + cut1 + ") of clicks-1 were deleted by Kafka")
                    .contains("WARNING: offsets [" + loaded.get(3) + ", " + cut3 + ") of clicks-3 were deleted by Kafka");
            assertThat(withGaps.counts().recordsRead()).isEqualTo(second.eventIds().size() - lost.ids().size());

            List<OffsetGapRow> rows = gaps(catalog, job);
            assertThat(rows).hasSize(2);
            assertThat(rows).allSatisfy(r -> {
                assertThat(r.runId()).isEqualTo(withGaps.runId());
                assertThat(r.topic()).isEqualTo(TOPIC);
            });
            assertThat(rows).extracting(r -> List.of((long) r.kafkaPartition(), r.fromOffset(), r.toOffset()))
                    .containsExactlyInAnyOrder(List.of(1L, loaded.get(1), cut1), List.of(3L, loaded.get(3), cut3));
            assertThat(storedOffsets(catalog, job)).as("every partition loaded to its end").isEqualTo(end);

            Traffic all = first.plus(second);
            Set<String> expectedIds = new HashSet<>(all.eventIds());
            expectedIds.removeAll(lost.ids());
            Map<Hour, Long> expectedHours = new HashMap<>(all.goodByHour());
            lost.byHour().forEach((k, n) -> expectedHours.merge(k, -n, Long::sum));
            expectedHours.values().removeIf(n -> n == 0);

            ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
            assertThat(back.duplicates()).isZero();
            assertThat(back.eventIdCounts().keySet()).as("the deleted records are not in the output").doesNotContainAnyElementsOf(lost.ids());
            assertThat(back.eventIdCounts().keySet()).isEqualTo(expectedIds);
            assertThat(back.byHour()).isEqualTo(expectedHours);
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("the gaps close the offset audit").isEmpty();

            // A gap is recorded once: the next run has nothing new and no new gap.
            RunSummary quiet = run(job, catalog, storage);
            assertThat(quiet.gaps()).isEmpty();
            assertThat(quiet.describe()).doesNotContain("WARNING");
            assertThat(quiet.counts().recordsRead()).isZero();
            assertThat(gaps(catalog, job)).hasSize(2);
        }
    }

    @Test
    void onGapFailStopsBeforeLoadingAnythingAndSkipThenLoadsTheRest(@TempDir Path dir) throws Exception {
        JobSpec job = job("gap-fail", dir).withOnGap(GapPolicy.FAIL);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            Traffic first = produce(41, 2_000, "2026-07-02T00:00:00Z");
            run(job, catalog, storage);
            Map<Integer, Long> loaded = storedOffsets(catalog, job);
            List<String> filesBefore = CatalogContents.allPaths(catalog);
            List<String> finalBefore = storage.listDataFiles();
            assertThat(finalBefore).isNotEmpty();

            Traffic second = produce(42, 2_000, "2026-07-02T03:00:00Z");
            Map<Integer, Long> end = endOffsets();
            long cut2 = loaded.get(2) + 5;
            assertThat(cut2).isLessThan(end.get(2));
            Lost lost = read(Map.of(2, new long[] {loaded.get(2), cut2}));
            kafka.deleteRecordsBefore(TOPIC, 2, cut2);

            assertThatThrownBy(() -> run(job, catalog, storage))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("clicks-2")
                    .hasMessageContaining("[" + loaded.get(2) + ", " + cut2 + ")")
                    .hasMessageContaining("on_gap");
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).status()).isEqualTo(RunState.FAILED);
            assertThat(runs.get(0).recordsRead()).isZero();
            assertThat(storedOffsets(catalog, job)).as("offsets unchanged").isEqualTo(loaded);
            assertThat(gaps(catalog, job)).as("no gap recorded").isEmpty();
            assertThat(CatalogContents.allPaths(catalog)).as("no file committed").isEqualTo(filesBefore);
            assertThat(storage.listDataFiles()).as("no file published").containsExactlyInAnyOrderElementsOf(finalBefore);
            assertThat(storage.listNames("_staging")).isEmpty();

            // The operator accepts the loss: with on_gap = skip the gap is recorded and the rest loads.
            RunSummary skipped = run(job.withOnGap(GapPolicy.SKIP), catalog, storage);
            assertThat(skipped.gaps()).containsExactly(new OffsetGap(TOPIC, 2, loaded.get(2), cut2));
            Set<String> expected = new HashSet<>(first.plus(second).eventIds());
            expected.removeAll(lost.ids());
            ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
            assertThat(back.duplicates()).isZero();
            assertThat(back.eventIdCounts().keySet()).isEqualTo(expected);
            assertThat(storedOffsets(catalog, job)).isEqualTo(end);
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    @Test
    void recreatedTopicIsRefusedAndNothingIsCommitted(@TempDir Path dir) throws Exception {
        JobSpec job = job("recreated", dir);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            produce(51, 2_000, "2026-07-03T00:00:00Z");
            run(job, catalog, storage);
            Map<Integer, Long> loaded = storedOffsets(catalog, job);
            List<String> filesBefore = CatalogContents.allPaths(catalog);
            List<String> finalBefore = storage.listDataFiles();

            recreateTopic();
            produce(52, 200, "2026-07-03T05:00:00Z");
            Map<Integer, Long> end = endOffsets();
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(end.get(p)).as("recreated partition " + p + " is shorter than what was loaded")
                        .isLessThan(loaded.get(p));
            }

            assertThatThrownBy(() -> run(job, catalog, storage))
                    .isInstanceOf(SourceException.class)
                    .hasMessageContaining("recreated");
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).hasSize(2);
            assertThat(runs.get(0).status()).isEqualTo(RunState.FAILED);
            assertThat(runs.get(0).error()).contains("recreated");
            assertThat(storedOffsets(catalog, job)).as("offsets unchanged").isEqualTo(loaded);
            assertThat(gaps(catalog, job)).isEmpty();
            assertThat(CatalogContents.allPaths(catalog)).isEqualTo(filesBefore);
            assertThat(storage.listDataFiles()).containsExactlyInAnyOrderElementsOf(finalBefore);
            assertThat(storage.listNames("_staging")).isEmpty();
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    /** Deletes the topic, waits until it is gone, creates it again and checks that it is a new topic. */
    private void recreateTopic() throws Exception {
        Uuid oldId = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC).topicId();
        kafka.recreateTopic(TOPIC, PARTITIONS);
        TopicDescription recreated = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
        assertThat(recreated.topicId()).as("a new topic, not the old one").isNotEqualTo(oldId);
    }

    private Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            request.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        }
        Map<Integer, Long> out = new TreeMap<>();
        admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> out.put(tp.partition(), info.offset()));
        return out;
    }

    private static List<OffsetGapRow> gaps(Catalog catalog, JobSpec job) {
        return catalog.lineage().gaps(job.name());
    }

    private static Map<Integer, Long> storedOffsets(Catalog catalog, JobSpec job) {
        Map<Integer, Long> out = new TreeMap<>();
        for (StoredOffset o : catalog.offsets().of(job.name()).all()) {
            assertThat(o.topic()).isEqualTo(TOPIC);
            out.put(o.kafkaPartition(), o.nextOffset());
        }
        return out;
    }

    /** Event ids and hours of the records in the given [from, to) ranges, read before retention deletes them. */
    private static Hour hourOf(PartitionKey key) {
        return new Hour(key.activityType(), key.date(), key.hour());
    }

    record Lost(Set<String> ids, Map<Hour, Long> byHour) {
    }

    private Lost read(Map<Integer, long[]> ranges) throws Exception {
        Set<String> ids = new HashSet<>();
        Map<Hour, Long> hours = new HashMap<>();
        HourlyPartitioner hourly = new HourlyPartitioner(ZoneOffset.UTC);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (Map.Entry<Integer, long[]> e : ranges.entrySet()) {
                TopicPartition tp = new TopicPartition(TOPIC, e.getKey());
                long from = e.getValue()[0];
                long to = e.getValue()[1];
                consumer.assign(List.of(tp));
                consumer.seek(tp, from);
                await(() -> {
                    for (ConsumerRecord<byte[], byte[]> rec : consumer.poll(Duration.ofMillis(200)).records(tp)) {
                        if (rec.offset() >= to) {
                            break;
                        }
                        JsonNode event = JSON.readTree(rec.value());
                        ids.add(event.get("event_id").asText());
                        JsonNode time = event.get("event_time");
                        long millis = time.isNumber() ? time.asLong() : Instant.parse(time.asText()).toEpochMilli();
                        hours.merge(hourOf(hourly.keyFor("click", millis)), 1L, Long::sum);
                    }
                    return consumer.position(tp) >= to;
                }, Duration.ofSeconds(30), "read " + tp + " [" + from + ", " + to + ")");
            }
        }
        long expected = ranges.values().stream().mapToLong(r -> r[1] - r[0]).sum();
        assertThat(ids).as("records read back from the ranges to delete").hasSize((int) expected);
        return new Lost(ids, hours);
    }
}

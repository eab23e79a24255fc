package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.Await;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loaded offsets copied into a consumer group after each load, as Kafka's own tools read them:
 * equal to the catalog's after each run; a group another consumer is using (the copy refused) is a
 * warning and the run still loads; {@code none} writes no group.
 */
class ConsumerGroupMirrorIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static JobSpec job(Path dir, String topic, Optional<String> group) {
        JobSpec base = TestJobs.job("mirror-" + topic, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of());
        return base.withTopics(List.of(new TopicBinding(topic, "click"))).withKafka(base.kafka().withCommitGroup(group));
    }

    private static void produce(String topic, int events) {
        new TrafficGenerator(kafka.bootstrapServers(), events).withTopicSuffix(topic.substring("clicks".length()))
                .produce(events, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)), 2, 0, List.of("click"));
    }

    private static Map<TopicPartition, Long> groupOffsets(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    private static Map<TopicPartition, Long> catalogOffsets(Catalog catalog, String job) {
        return catalog.offsets().of(job).all().stream().collect(Collectors.toMap(StoredOffset::topicPartition, StoredOffset::nextOffset));
    }

    @Test
    void afterEachLoadTheGroupHoldsTheCatalogsOffsets(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks_mirror"), 3);
        JobSpec job = job(dir, "clicks_mirror", Optional.of("loader-mirror"));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            for (int events : new int[] {60, 25}) {
                produce("clicks_mirror", events);
                RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(s.warnings()).isEmpty();
                assertThat(groupOffsets(admin, "loader-mirror")).isEqualTo(catalogOffsets(catalog, job.name())).hasSize(3);
                Map<TopicPartition, OffsetAndMetadata> meta = admin.listConsumerGroupOffsets("loader-mirror")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(meta.values()).allSatisfy(m -> assertThat(m.metadata()).contains("run " + s.runId()));
            }
            assertThat(groupOffsets(admin, "loader-mirror").values().stream().mapToLong(Long::longValue).sum()).isEqualTo(85);
        }
    }

    @Test
    void aGroupInUseIsAWarningAndNoneWritesNoGroup(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks_busy", "clicks_off"), 1);
        produce("clicks_busy", 20);
        produce("clicks_off", 20);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "someone-elses");
        try (KafkaConsumer<byte[], byte[]> other = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            other.subscribe(List.of("clicks_busy"));
            Await.await(() -> {
                other.poll(Duration.ofMillis(100));
                return !other.assignment().isEmpty();
            }, Duration.ofSeconds(30), "the other consumer joined its group");
            JobSpec busy = job(dir.resolve("busy"), "clicks_busy", Optional.of("someone-elses"));
            try (Catalog catalog = Catalog.open(busy.catalog()); Storage storage = new Storage(dir.resolve("busy/warehouse").toUri())) {
                RunSummary s = new LoadRun(busy, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(s.counts().recordsWritten()).isEqualTo(20);
                assertThat(s.warnings()).singleElement().asString().contains("not copied into consumer group someone-elses")
                        .contains("the catalog, which loading goes by, is unaffected");
            }
            JobSpec off = job(dir.resolve("off"), "clicks_off", Optional.empty());
            try (Catalog catalog = Catalog.open(off.catalog()); Storage storage = new Storage(dir.resolve("off/warehouse").toUri())) {
                assertThat(new LoadRun(off, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run().warnings()).isEmpty();
            }
            assertThat(groupOffsets(admin, "loader-" + off.name())).as("no group written").isEmpty();
        }
    }
}

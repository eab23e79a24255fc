package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A published run's dead letters also sent to a Kafka topic ({@code dead_letters.topic}): one record
 * per reject, its original bytes, where it came from and why in headers, the same as the catalog's;
 * a topic that cannot be written is a warning and the run still loads.
 */
class DeadLetterTopicIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @Test
    void eachRejectIsARecordOfTheDeadLetterTopicWithItsOriginAndReason(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks_dlq", "dead_letters"), 2);
        new TrafficGenerator(kafka.bootstrapServers(), 5).withTopicSuffix("_dlq").produce(400,
                Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)), 2, 8, List.of("click"));
        JobSpec base = TestJobs.job("dlq", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of());
        JobSpec job = base.withTopics(List.of(new TopicBinding("clicks_dlq", "click")))
                .withKafka(base.kafka().withDeadLetterTopic(Optional.of("dead_letters")));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
            RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(s.warnings()).isEmpty();
            List<DeadLetterRow> rows = catalog.deadLetters().unresolved(job.name());
            assertThat(rows).hasSize((int) s.counts().recordsRejected()).isNotEmpty();

            List<ConsumerRecord<byte[], byte[]>> sent = readAll("dead_letters");
            assertThat(sent).hasSize(rows.size());
            Map<String, String> reasonAt = new HashMap<>();
            rows.forEach(r -> reasonAt.put(r.topic() + "/" + r.kafkaPartition() + "/" + r.kafkaOffset(), r.reason()));
            Map<String, byte[]> originalAt = new HashMap<>();
            readAll("clicks_dlq").forEach(r -> originalAt.put(r.topic() + "/" + r.partition() + "/" + r.offset(), r.value()));
            for (ConsumerRecord<byte[], byte[]> d : sent) {
                String at = header(d, "loader.topic") + "/" + header(d, "loader.partition") + "/" + header(d, "loader.offset");
                assertThat(header(d, "loader.reason")).as(at).isEqualTo(reasonAt.get(at));
                assertThat(header(d, "loader.run")).isEqualTo(s.runId());
                assertThat(d.value()).as("the original bytes of %s", at).isEqualTo(originalAt.get(at));
            }
        }
    }

    @Test
    void aDeadLetterTopicThatCannotBeWrittenIsAWarning(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("clicks_dlq_missing"), 1);
        new TrafficGenerator(kafka.bootstrapServers(), 6).withTopicSuffix("_dlq_missing").produce(100,
                Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1)), 1, 5, List.of("click"));
        JobSpec base = TestJobs.job("dlq-missing", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of());
        JobSpec job = base.withTopics(List.of(new TopicBinding("clicks_dlq_missing", "click")))
                .withKafka(base.kafka().withRequestTimeout(Duration.ofSeconds(3)).withDeadLetterTopic(Optional.of("no_such_topic")));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
            RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(s.counts().recordsRejected()).isPositive();
            assertThat(s.counts().recordsWritten() + s.counts().recordsRejected()).isEqualTo(100);
            assertThat(s.warnings()).singleElement().asString().contains("dead letters were sent to no_such_topic")
                    .contains("they are all in its dead-letter files and in the catalog");
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> all = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = consumer()) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                c.poll(Duration.ofMillis(500)).forEach(all::add);
            }
        }
        return all;
    }
}

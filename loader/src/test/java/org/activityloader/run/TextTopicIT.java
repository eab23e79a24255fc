package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.TopicFormat;
import org.activityloader.fault.Faults;
import org.activityloader.report.ReportRunner;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code format: text} topic beside an event topic on a real broker: each line a row with its Kafka
 * coordinates, filed under the hour of its Kafka timestamp; a value that is not UTF-8 and one over
 * {@code limits.max_event_size} are dead letters with their reasons; exactly once, and {@code verify} clean.
 */
class TextTopicIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @Test
    void logLinesLoadAsRowsAndTheirRejectsAreExplained(@TempDir Path dir) throws Exception {
        kafka.createTopics(List.of("app_logs"), 2);
        Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("app_logs", i % 2, t.plusSeconds(i * 900L).toEpochMilli(),
                        ("web-" + i).getBytes(StandardCharsets.UTF_8), ("GET /p/" + i + " 200\n").getBytes(StandardCharsets.UTF_8)));
            }
            producer.send(new ProducerRecord<>("app_logs", 0, t.toEpochMilli(), null, new byte[] {'x', (byte) 0xC3, (byte) 0x28}));
            producer.send(new ProducerRecord<>("app_logs", 1, t.toEpochMilli(), null, "y".repeat(5000).getBytes(StandardCharsets.UTF_8)));
            producer.flush();
        }
        JobSpec base = TestJobs.job("text_logs", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of());
        JobSpec job = base.withTopics(List.of(new TopicBinding("app_logs", "app_log", TopicFormat.TEXT)))
                .withLimits(base.limits().withMaxEventBytes(4096));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
            RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(s.counts().recordsRead()).isEqualTo(12);
            assertThat(s.counts().recordsWritten()).isEqualTo(10);
            assertThat(s.counts().recordsRejected()).isEqualTo(2);
            ReportRunner reports = new ReportRunner(catalog, storage);
            assertThat(reports.sql("SELECT line, kafka_key, kafka_topic, hour FROM app_log WHERE kafka_key = 'web-4'", job,
                    Optional.empty()).table().rows()).containsExactly(List.of("GET /p/4 200", "web-4", "app_logs",
                    t.plusSeconds(3600).atZone(java.time.ZoneOffset.UTC).getHour()));
            assertThat(reports.sql("SELECT COUNT(*), COUNT(DISTINCT kafka_partition * 1000000 + kafka_offset), COUNT(DISTINCT hour)"
                    + " FROM app_log", job, Optional.empty()).table().rows()).containsExactly(List.of(10L, 10L, 3L));
            assertThat(catalog.deadLetters().unresolved(job.name())).extracting(d -> d.reason().split(":")[0])
                    .containsExactlyInAnyOrder("invalid_utf8", "too_large");
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            assertThat(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run().counts().recordsRead())
                    .as("exactly once: nothing read again").isZero();
        }
    }
}

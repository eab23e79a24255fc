package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.config.RegistryUrl;
import org.activityloader.config.TopicBinding;
import org.activityloader.decode.RegistryUnavailableException;
import org.activityloader.embedded.RegistryFraming;
import org.activityloader.embedded.SchemaRegistryServer;
import org.activityloader.fault.Faults;
import org.activityloader.partition.PartitionKey;
import org.activityloader.report.ReportRunner;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code format: avro-registry} topic on a real broker, its writer schemas in a schema registry
 * that answers over HTTP: records of two producer schema versions load exactly once into the
 * activity type's schema; an unknown id, an incompatible writer, an unframed and a truncated record
 * are dead letters with their reasons; a backfill of an hour reads it again through the registry; a
 * registry that is down fails the run without committing, and the next run, the registry back,
 * loads everything.
 */
class RegistryAvroIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static final String V1 = """
            {"type": "record", "name": "Click", "namespace": "com.shop", "fields": [
              {"name": "event_id", "type": "string"},
              {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "session_id", "type": "string"},
              {"name": "site", "type": "string"},
              {"name": "url", "type": "string"},
              {"name": "target", "type": "string"}]}""";
    /** The producer's next version: a new field the activity type has too, one it does not have. */
    private static final String V2 = V1.replace("{\"name\": \"target\", \"type\": \"string\"}]",
            "{\"name\": \"target\", \"type\": \"string\"}, {\"name\": \"referrer\", \"type\": [\"null\", \"string\"], \"default\": null},"
                    + " {\"name\": \"ab_test\", \"type\": \"string\", \"default\": \"\"}]");
    private static final String INCOMPATIBLE = V1.replace("{\"name\": \"session_id\", \"type\": \"string\"}",
            "{\"name\": \"session_id\", \"type\": \"long\"}");

    @Test
    void twoWriterVersionsLoadExactlyOnceAndTheRejectsAreExplained(@TempDir Path dir) throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
            produce("clicks_framed", registry, t);
            JobSpec job = job(dir, "clicks_framed", registry.url());
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
                RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(s.counts().recordsWritten()).isEqualTo(40);
                assertThat(s.counts().recordsRejected()).isEqualTo(4);
                assertThat(catalog.deadLetters().unresolved(job.name())).extracting(d -> d.reason().split(":")[0])
                        .containsExactlyInAnyOrder("unknown_schema", "schema_incompatible", "not_registry_framed", "malformed_avro");
                ReportRunner reports = new ReportRunner(catalog, storage);
                assertThat(reports.sql("SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(referrer), COUNT(DISTINCT hour) FROM click",
                        job, Optional.empty()).table().rows()).as("v2's referrer read into the type's column, v1's as NULL")
                        .containsExactly(List.of(40L, 40L, 20L, 2L));
                assertThat(registry.lookups()).as("each id asked once: v1, v2, the incompatible one, the unknown one").isEqualTo(4);
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
                assertThat(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run().counts().recordsRead())
                        .as("exactly once: nothing read again").isZero();

                // A backfill reads the hour's records again, through the registry, and replaces its files with the same rows.
                PartitionKey first = new PartitionKey("click", t.atZone(ZoneOffset.UTC).toLocalDate(), t.atZone(ZoneOffset.UTC).getHour());
                BackfillResult backfill = new BackfillRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false,
                        ProgressMode.NONE), new BackfillRequest(Set.of(first), List.of("click"), false, "test", "tester",
                        Duration.ofMinutes(1), false)).run();
                assertThat(backfill.runId()).isPresent();
                assertThat(backfill.newPerHour()).as("24 of the 40 events are in the first hour").containsExactly(java.util.Map.entry(first, 24L));
                assertThat(reports.sql("SELECT COUNT(*), COUNT(DISTINCT event_id), COUNT(referrer) FROM click", job, Optional.empty())
                        .table().rows()).containsExactly(List.of(40L, 40L, 20L));
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            }
        }
    }

    @Test
    void aRegistryThatIsDownFailsTheRunWithoutDeadLetteringAndTheNextRunLoads(@TempDir Path dir) throws Exception {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            Instant t = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
            produce("clicks_framed_down", registry, t);
            JobSpec job = job(dir, "clicks_framed_down", registry.url());
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
                registry.failWith(503);
                assertThatThrownBy(() -> new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run())
                        .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> {
                            assertThat(e.getMessage()).contains(registry.url()).contains("HTTP 503").contains("not dead-lettered");
                            assertThat(RunOutcome.of(e)).isEqualTo(RunOutcome.FAILED);
                        });
                assertThat(catalog.deadLetters().unresolved(job.name())).isEmpty();

                registry.failWith(0);
                RunSummary s = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(s.counts().recordsRead()).as("the failed run committed nothing").isEqualTo(44);
                assertThat(s.counts().recordsWritten()).isEqualTo(40);
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            }
        }
    }

    private static JobSpec job(Path dir, String topic, String registryUrl) {
        JobSpec base = TestJobs.job("framed", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), List.of());
        return base.withTopics(List.of(TopicBinding.registryFramed(topic, "click", RegistryUrl.parse(registryUrl))));
    }

    /** 20 events of each version over two hours, then one record of each kind of reject. */
    private static void produce(String topic, SchemaRegistryServer registry, Instant t) throws Exception {
        kafka.createTopics(List.of(topic), 2);
        Schema v1 = new Schema.Parser().parse(V1);
        Schema v2 = new Schema.Parser().parse(V2);
        Schema incompatible = new Schema.Parser().parse(INCOMPATIBLE);
        RegistryFraming first = new RegistryFraming(registry, v1);
        RegistryFraming second = new RegistryFraming(registry, v2);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                boolean old = i % 2 == 0;
                GenericRecord r = new GenericData.Record(old ? v1 : v2);
                r.put("event_id", "e-" + i);
                r.put("event_time", t.plusSeconds(i * 150L).toEpochMilli());
                r.put("session_id", "s-" + i % 7);
                r.put("site", "shop.example");
                r.put("url", "https://shop.example/p/" + i);
                r.put("target", "buy");
                if (!old) {
                    r.put("referrer", "https://search.example/?q=" + i);
                    r.put("ab_test", "b");
                }
                producer.send(new ProducerRecord<>(topic, i % 2, null, (old ? first : second).frame(r)));
            }
            GenericRecord bad = new GenericData.Record(incompatible);
            incompatible.getFields().forEach(f -> bad.put(f.name(), f.name().equals("session_id") ? 7L
                    : f.name().equals("event_time") ? t.toEpochMilli() : "x"));
            producer.send(new ProducerRecord<>(topic, 0, null, new RegistryFraming(registry, incompatible).frame(bad)));
            producer.send(new ProducerRecord<>(topic, 0, null, new byte[] {0, 0, 0, 0x30, 0x39, 2, 'x'})); // id 12345
            producer.send(new ProducerRecord<>(topic, 1, null, "{\"event_id\": \"json\"}".getBytes()));
            byte[] truncated = first.frame(oneOf(v1, t));
            producer.send(new ProducerRecord<>(topic, 1, null, java.util.Arrays.copyOf(truncated, truncated.length - 4)));
            producer.flush();
        }
    }

    private static GenericRecord oneOf(Schema v1, Instant t) {
        GenericRecord r = new GenericData.Record(v1);
        v1.getFields().forEach(f -> r.put(f.name(), f.name().equals("event_time") ? t.toEpochMilli() : "y"));
        return r;
    }
}

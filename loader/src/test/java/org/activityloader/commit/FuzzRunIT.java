package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.DecodeResult;
import org.activityloader.decode.EventDecoder;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.EventFuzzer;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random and mutated events (the decoder fuzz's inputs) through a real broker and a
 * whole run: the run succeeds and every record is accounted for, once, in a file or a dead letter.
 */
class FuzzRunIT {
    private static final int PER_TOPIC = 1_500;
    private static final List<String> TYPES = List.of("search", "click");

    @Test
    void everyFuzzedRecordEndsUpInExactlyOneFileOrDeadLetter(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            List<String> topics = TYPES.stream().map(TrafficGenerator.TOPICS::get).toList();
            kafka.createTopics(topics, 2);
            Path warehouse = dir.resolve("warehouse");
            JobSpec job = TestJobs.job("fuzz", kafka.bootstrapServers(), warehouse, TestCatalogs.h2(dir), TYPES);
            Catalog catalog = Catalog.open(job.catalog());
            ActivitySchemas schemas = ActivitySchemas.load(TestJobs.SCHEMAS, List.of("search", "click", "page_view"));
            Instant now = Instant.now();

            // What the decoder alone says of each input, to compare the run with.
            long produced = 0;
            long expectDecoded = 0;
            List<String> expectedIds = new ArrayList<>();
            List<String> decoderThrew = new ArrayList<>();
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (String type : TYPES) {
                    String other = type.equals("search") ? "page_view" : "search";
                    EventFuzzer fuzzer = new EventFuzzer(4242 + type.hashCode(), schemas.get(type).schema(),
                            schemas.get(other).schema(), now.minus(1, ChronoUnit.HOURS));
                    EventDecoder decoder = new EventDecoder(schemas.get(type).schema(), "event_time");
                    for (int i = 0; i < PER_TOPIC; i++) {
                        EventFuzzer.Input input = fuzzer.next();
                        sent.add(producer.send(new ProducerRecord<>(TrafficGenerator.TOPICS.get(type), input.value())));
                        produced++;
                        try {
                            if (decoder.decode(input.value(), now.toEpochMilli()) instanceof DecodeResult.Decoded d
                                    && inHorizon(job, now, d.eventTimeMillis())) {
                                expectDecoded++;
                                expectedIds.add(asWritten(String.valueOf(d.record().get("event_id"))));
                            }
                        } catch (RuntimeException | OutOfMemoryError e) {
                            decoderThrew.add(e + " on " + input.describe());
                        }
                    }
                }
                for (Future<RecordMetadata> f : sent) {
                    f.get();
                }
            }

            try (Storage storage = new Storage(job.output().warehouse())) {
                RunSummary summary;
                try {
                    summary = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                } catch (RuntimeException | Error e) {
                    throw new AssertionError("one bad event failed the whole run (" + e + "); the decoder alone threw on "
                            + decoderThrew.size() + " input(s), first: " + decoderThrew.stream().findFirst().orElse("none"), e);
                }
                assertThat(decoderThrew).as("inputs the decoder threw on").isEmpty();

                long written = summary.counts().recordsWritten();
                long rejected = summary.counts().recordsRejected();
                assertThat(summary.counts().recordsRead()).isEqualTo(produced);
                assertThat(written + rejected).as("written + rejected").isEqualTo(produced);
                assertThat(written).as("written, as the decoder and the horizon predict").isEqualTo(expectDecoded);
                assertThat(written).as("some of each, or the fuzz proves little").isBetween(produced / 10, produced * 9 / 10);

                List<DataFileRow> files = published(catalog);
                List<DeadLetterRow> deadLetters = deadLetters(catalog);
                long inFiles = files.stream().mapToLong(DataFileRow::recordCount).sum();
                assertThat(inFiles).as("records in the files' manifest").isEqualTo(written);
                assertThat(deadLetters).as("dead_letter rows").hasSize((int) rejected);
                assertThat(inFiles + deadLetters.size()).isEqualTo(produced);
                Map<String, Long> perOffset = new HashMap<>();
                deadLetters.forEach(d -> perOffset.merge(d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset(), 1L, Long::sum));
                assertThat(perOffset.values()).as("one dead letter per offset").allMatch(n -> n == 1);

                ReadBack back = ReadBack.of(catalog, warehouse, "fuzz");
                assertThat(back.rows()).as("rows read back from the files with DuckDB").isEqualTo(written);
                Map<String, Integer> expectedIdCounts = new HashMap<>();
                expectedIds.forEach(id -> expectedIdCounts.merge(id, 1, Integer::sum));
                assertThat(back.eventIdCounts()).as("event ids read back, with multiplicity").isEqualTo(expectedIdCounts);

                assertThat(new WarehouseAudit(catalog, storage).verify("fuzz")).isEmpty();
                assertThat(storage.listNames("_staging")).isEmpty();
            }
        }
    }

    private static boolean inHorizon(JobSpec job, Instant runStart, long eventTime) {
        // The run starts a moment after `runStart`; the test's times are hours away from either edge.
        return eventTime >= runStart.minus(job.eventTime().maxPast()).toEpochMilli()
                && eventTime <= runStart.plus(job.eventTime().maxFuture()).toEpochMilli();
    }

    /** A string as it comes back from the file: lone surrogates become '?' when written as UTF-8. */
    private static String asWritten(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private static List<DataFileRow> published(Catalog catalog) {
        return catalog.manifest().published("fuzz");
    }

    private static List<DeadLetterRow> deadLetters(Catalog catalog) {
        return catalog.deadLetters().committed("fuzz");
    }
}

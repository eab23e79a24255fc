package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.activityloader.config.KafkaSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.testing.TestBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Draining a plan from a real broker: exactly the planned offsets, several ranges of one partition included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaSourceIT {
    private static final int PER_PARTITION = 12_000;

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @BeforeAll
    void start() throws Exception {
        kafka.createTopics(List.of("t"), 2);
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int partition = 0; partition < 2; partition++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>("t", partition, null, (partition + ":" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
    }

    @Test
    void severalRangesOfOnePartitionAreEachReadWholeAndNothingBetween() {
        // Out of offset order, far apart (more than a poll apart), and one empty.
        List<PartitionRange> plan = List.of(
                new PartitionRange("t", 0, 9_000, 9_500),
                new PartitionRange("t", 0, 100, 200),
                new PartitionRange("t", 1, 0, 11_000),
                new PartitionRange("t", 0, 4_000, 4_000),
                new PartitionRange("t", 0, 5_990, 6_010),
                new PartitionRange("t", 0, 11_999, 12_000));
        List<String> handed = new ArrayList<>();
        List<PartitionRange> consumed;
        try (KafkaSource source = new KafkaSource(new KafkaSpec(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(30)),
                Clock.systemUTC())) {
            consumed = source.drain(plan, new DrainLimits(Long.MAX_VALUE, Duration.ofMinutes(5), Duration.ofSeconds(30), () -> false),
                    batch -> batch.forEach(r -> {
                        String value = new String(r.value(), StandardCharsets.UTF_8);
                        assertThat(value).isEqualTo(r.partition() + ":" + r.offset());
                        handed.add(value);
                    }), DrainListener.NONE);
        }
        assertThat(consumed).as("every range read to its end, in the plan's order").isEqualTo(plan);
        List<String> expected = new ArrayList<>();
        for (PartitionRange r : plan) {
            for (long o = r.from(); o < r.to(); o++) {
                expected.add(r.topicPartition().partition() + ":" + o);
            }
        }
        assertThat(handed).as("each planned offset once, none other").hasSize(expected.size()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aStopLeavesEachRangeConsumedUpToWhereItWasWithNothingSkipped() {
        List<PartitionRange> plan = List.of(new PartitionRange("t", 0, 0, 100), new PartitionRange("t", 0, 10_000, 12_000));
        List<Long> handed = new ArrayList<>();
        List<PartitionRange> consumed;
        try (KafkaSource source = new KafkaSource(new KafkaSpec(kafka.bootstrapServers(), Map.of(), Duration.ofSeconds(30)),
                Clock.systemUTC())) {
            consumed = source.drain(plan, new DrainLimits(Long.MAX_VALUE, Duration.ofMinutes(5), Duration.ofSeconds(30),
                    () -> handed.size() >= 100), batch -> batch.forEach(r -> handed.add(r.offset())), DrainListener.NONE);
        }
        // Stopped once the first range was read: the second is consumed up to where it got, contiguously from its start.
        assertThat(consumed.get(0)).isEqualTo(plan.get(0));
        PartitionRange second = consumed.get(1);
        assertThat(second.from()).isEqualTo(10_000);
        assertThat(second.to()).isLessThan(12_000);
        List<Long> expected = new ArrayList<>();
        for (PartitionRange r : consumed) {
            for (long o = r.from(); o < r.to(); o++) {
                expected.add(o);
            }
        }
        assertThat(handed).isEqualTo(expected);
    }
}

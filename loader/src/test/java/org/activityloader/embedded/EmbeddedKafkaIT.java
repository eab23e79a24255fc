package org.activityloader.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaIT {

    private static final String TOPIC = "embedded-kafka-it";
    private static final int PARTITIONS = 4;
    private static final int RECORDS = 1000;

    @Test
    void producesConsumesAndDeletesRecords(@TempDir Path dir) throws Exception {
        long started = System.nanoTime();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            System.out.printf("embedded Kafka started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");

            kafka.createTopics(List.of(TOPIC), PARTITIONS);
            kafka.createTopics(List.of(TOPIC), PARTITIONS); // an existing topic is not an error

            try (var producer = new KafkaProducer<byte[], byte[]>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                for (int i = 0; i < RECORDS; i++) {
                    // Explicit partitions: exactly 250 per partition, so partition 0 surely has 10+ records.
                    producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, bytes("k" + i), bytes("v" + i)));
                }
                producer.flush();
            }

            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);

                var values = new HashSet<String>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.size() < RECORDS && System.nanoTime() < deadline) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        values.add(new String(r.value(), StandardCharsets.UTF_8));
                    }
                }
                assertThat(values).hasSize(RECORDS).contains("v0", "v999");

                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(RECORDS);

                kafka.deleteRecordsBefore(TOPIC, 0, 10);
                TopicPartition p0 = new TopicPartition(TOPIC, 0);
                assertThat(consumer.beginningOffsets(List.of(p0))).containsEntry(p0, 10L);
            }

            kafka.close();
            kafka.close(); // idempotent; try-with-resources closes a third time
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

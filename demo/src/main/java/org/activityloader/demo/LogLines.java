package org.activityloader.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.Random;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Web server access-log lines for a {@code format: text} topic, keyed by host, timestamped over three hours; and a few that are not UTF-8. */
final class LogLines {
    /** Lines sent that are not UTF-8 (dead letters {@code invalid_utf8}), besides the good ones. */
    static final int NOT_UTF8 = 2;

    private LogLines() {
    }

    /** Sends {@code count} good lines and {@link #NOT_UTF8} bad ones; returns the good ones' count. */
    static long produce(String bootstrapServers, String topic, long count, Instant start) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Random random = new Random(11);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long i = 0; i < count; i++) {
                long at = start.toEpochMilli() + random.nextInt(3 * 3_600_000);
                String line = String.format("10.0.%d.%d - - \"GET /p/%d?ref=mail HTTP/1.1\" %d %d \"Mozilla/5.0\"%n", random.nextInt(256),
                        random.nextInt(256), random.nextInt(100_000), random.nextInt(20) == 0 ? 404 : 200, 200 + random.nextInt(40_000));
                producer.send(new ProducerRecord<>(topic, null, at, ("web-" + random.nextInt(4)).getBytes(StandardCharsets.UTF_8),
                        line.getBytes(StandardCharsets.UTF_8)));
            }
            for (int i = 0; i < NOT_UTF8; i++) {
                producer.send(new ProducerRecord<>(topic, null, start.toEpochMilli(), null, new byte[] {'G', 'E', 'T', ' ', (byte) 0xC3, 0x28}));
            }
            producer.flush();
        }
        return count;
    }
}

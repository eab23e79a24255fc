package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TextLineDecoderTest {
    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("app_logs", 2, 41, 1_764_000_000_000L, org.apache.kafka.common.record.TimestampType.CREATE_TIME,
                0, value == null ? 0 : value.length, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    }

    @Test
    void aLineBecomesARowWithItsKafkaCoordinatesAndTimestamp() {
        DecodeResult r = new TextLineDecoder().decode(record("web-3", "GET /cart 200 12ms é\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(r).isInstanceOf(DecodeResult.Decoded.class);
        DecodeResult.Decoded d = (DecodeResult.Decoded) r;
        GenericRecord row = d.record();
        assertThat(row.get("line")).isEqualTo("GET /cart 200 12ms é");
        assertThat(row.get("kafka_key")).isEqualTo("web-3");
        assertThat(row.get("kafka_topic")).isEqualTo("app_logs");
        assertThat(row.get("kafka_partition")).isEqualTo(2);
        assertThat(row.get("kafka_offset")).isEqualTo(41L);
        assertThat(row.get("event_time")).isEqualTo(1_764_000_000_000L);
        assertThat(d.eventTimeMillis()).as("filed under the hour of its Kafka timestamp").isEqualTo(1_764_000_000_000L);
    }

    @Test
    void invalidUtf8AndTombstonesAreRejectedWithTheirReason() {
        DecodeResult bad = new TextLineDecoder().decode(record(null, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}));
        assertThat(bad).isInstanceOfSatisfying(DecodeResult.Rejected.class, r -> {
            assertThat(r.category()).isEqualTo("invalid_utf8");
            assertThat(r.detail()).contains("4 bytes");
        });
        assertThat(new TextLineDecoder().decode(record(null, null))).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.category()).isEqualTo("tombstone"));
        DecodeResult keyless = new TextLineDecoder().decode(record(null, "x\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(((DecodeResult.Decoded) keyless).record().get("kafka_key")).isNull();
        assertThat(((DecodeResult.Decoded) keyless).record().get("line")).isEqualTo("x");
    }

    @Test
    void randomBytesNeverThrowAndValidTextAlwaysComesBackAsItWas() {
        java.util.Random random = new java.util.Random(Long.getLong("fuzz.seed", System.nanoTime()));
        TextLineDecoder decoder = new TextLineDecoder();
        for (int i = 0; i < 5_000; i++) {
            byte[] bytes = new byte[random.nextInt(300)];
            random.nextBytes(bytes);
            DecodeResult r = decoder.decode(record(null, bytes));
            boolean utf8 = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes), java.nio.CharBuffer.allocate(400), true)
                    .isUnderflow();
            assertThat(r instanceof DecodeResult.Decoded).as("decoded exactly when UTF-8").isEqualTo(utf8);
            if (r instanceof DecodeResult.Rejected rejected) {
                assertThat(rejected.category()).isEqualTo("invalid_utf8");
            }
            String text = randomText(random);
            DecodeResult good = decoder.decode(record("k", text.getBytes(StandardCharsets.UTF_8)));
            assertThat(((DecodeResult.Decoded) good).record().get("line")).isEqualTo(text);
        }
    }

    /** Letters, digits, punctuation, accented and CJK characters and emoji; never a trailing newline. */
    private static String randomText(java.util.Random random) {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(5);
            b.appendCodePoint(switch (kind) {
                case 0 -> 'a' + random.nextInt(26);
                case 1 -> ' ' + random.nextInt(32);
                case 2 -> 0xC0 + random.nextInt(0x100);
                case 3 -> 0x4E00 + random.nextInt(0x500);
                default -> 0x1F600 + random.nextInt(0x40);
            });
        }
        return b.toString();
    }
}

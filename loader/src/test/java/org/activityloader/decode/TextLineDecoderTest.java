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
}

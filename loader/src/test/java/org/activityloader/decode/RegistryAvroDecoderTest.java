package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.activityloader.config.SchemaFiles;
import org.activityloader.embedded.RegistryFraming;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RegistryAvroDecoderTest {
    private static final Schema CLICK = SchemaFiles.read(Path.of("../schemas"), "click");
    private static final long KAFKA_TS = 1_764_000_000_000L;

    /** A producer's own schema of clicks: another namespace, fewer fields, one field the type lacks. */
    private static final Schema PRODUCER_V1 = parse("""
            {"type": "record", "name": "Click", "namespace": "com.shop.events", "fields": [
              {"name": "event_id", "type": "string"},
              {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
              {"name": "session_id", "type": "string"},
              {"name": "site", "type": "string"},
              {"name": "url", "type": "string"},
              {"name": "target", "type": "string"},
              {"name": "position", "type": "int"},
              {"name": "campaign", "type": "string"}]}""");

    /** Registry lookups by hand: a map of ids, a count of lookups, and a switch that plays a registry that is down. */
    private static final class FakeRegistry implements WriterSchemas {
        final Map<Integer, WriterSchema> schemas = new HashMap<>();
        int lookups;
        boolean down;

        @Override
        public WriterSchema byId(int id) {
            lookups++;
            if (down) {
                throw new RegistryUnavailableException("registry down", null);
            }
            return schemas.getOrDefault(id, new WriterSchema.Unknown());
        }

        int add(Schema s) {
            schemas.put(schemas.size() + 1, new WriterSchema.Avro(s));
            return schemas.size();
        }
    }

    private static Schema parse(String text) {
        return new Schema.Parser().parse(text);
    }

    private static GenericRecord v1(String id, Object time) {
        GenericRecord r = new GenericData.Record(PRODUCER_V1);
        r.put("event_id", id);
        r.put("event_time", time);
        r.put("session_id", "s-1");
        r.put("site", "shop.example");
        r.put("url", "https://shop.example/p/1?utm_source=mail");
        r.put("target", "buy");
        r.put("position", 3);
        r.put("campaign", "winter");
        return r;
    }

    @Test
    void aRecordIsReadWithItsWriterSchemaIntoTheTypesSchema() {
        FakeRegistry registry = new FakeRegistry();
        RegistryFraming framing = new RegistryFraming(registry.add(PRODUCER_V1), PRODUCER_V1);
        RegistryAvroDecoder decoder = new RegistryAvroDecoder(CLICK, "event_time", registry);

        DecodeResult r = decoder.decode(framing.frame(v1("e-1", KAFKA_TS - 5_000)), KAFKA_TS);

        assertThat(r).isInstanceOfSatisfying(DecodeResult.Decoded.class, d -> {
            assertThat(d.record().getSchema()).isEqualTo(CLICK);
            assertThat(d.record().get("event_id").toString()).isEqualTo("e-1");
            assertThat(d.record().get("position")).as("int into [null, int]").isEqualTo(3);
            assertThat(d.record().get("user_id")).as("absent from the writer: its default").isNull();
            assertThat(d.eventTimeMillis()).isEqualTo(KAFKA_TS - 5_000);
            assertThat(d.unknownFields()).as("campaign, which the type has not: skipped and counted").isEqualTo(1);
        });
        decoder.decode(framing.frame(v1("e-2", KAFKA_TS)), KAFKA_TS);
        assertThat(registry.lookups).as("one lookup per schema id").isEqualTo(1);
    }

    @Test
    void writerSchemasThatCannotBeResolvedAreRejectedAsSchemaIncompatible() {
        FakeRegistry registry = new FakeRegistry();
        Schema wrongType = parse(PRODUCER_V1.toString().replace("{\"name\":\"target\",\"type\":\"string\"}", "{\"name\":\"target\",\"type\":\"double\"}"));
        Schema micros = parse(PRODUCER_V1.toString().replace("timestamp-millis", "timestamp-micros"));
        Schema renamedRecord = parse(PRODUCER_V1.toString().replace("\"name\":\"Click\"", "\"name\":\"Tap\""));
        // The event time must be in every writer schema, required: Avro resolves neither an optional nor an absent field into it.
        Schema optionalTime = parse(PRODUCER_V1.toString().replace("\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}",
                "\"type\":[\"null\",{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}],\"default\":null"));
        Schema noTime = parse(PRODUCER_V1.toString().replace("{\"name\":\"event_time\",\"type\":{\"type\":\"long\",\"logicalType\":"
                + "\"timestamp-millis\"}},", ""));
        assertThat(optionalTime.getField("event_time").schema().isUnion()).isTrue();
        assertThat(noTime.getField("event_time")).isNull();
        Schema bytesAsString = parse(PRODUCER_V1.toString().replace("{\"name\":\"url\",\"type\":\"string\"}", "{\"name\":\"url\",\"type\":\"bytes\"}"));
        Map<Schema, String> expected = Map.of(wrongType, "field target: reader type: STRING not compatible with writer type: DOUBLE",
                micros, "field event_time is written as timestamp-micros", renamedRecord, "Tap",
                optionalTime, "field event_time", noTime, "field event_time", bytesAsString, "field url is bytes in the producer's schema");
        RegistryAvroDecoder decoder = new RegistryAvroDecoder(CLICK, "event_time", registry);
        expected.forEach((writer, named) -> {
            GenericRecord r = new GenericData.Record(writer);
            writer.getFields().forEach(f -> r.put(f.name(), f.name().equals("target") && writer == wrongType ? 1.5
                    : f.name().equals("url") && writer == bytesAsString ? java.nio.ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x28})
                    : v1("e", KAFKA_TS).get(f.name())));
            byte[] value = new RegistryFraming(registry.add(writer), writer).frame(r);
            assertThat(decoder.decode(value, KAFKA_TS)).isInstanceOfSatisfying(DecodeResult.Rejected.class, rej -> {
                assertThat(rej.category()).isEqualTo("schema_incompatible");
                assertThat(rej.detail()).contains(named).contains("org.activityloader.events.Click");
            });
        });
        registry.schemas.put(99, new WriterSchemas.WriterSchema.Unusable("a PROTOBUF schema, not Avro"));
        assertThat(decoder.decode(new byte[] {0, 0, 0, 0, 99, 1, 2}, KAFKA_TS)).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                rej -> assertThat(rej.reason()).isEqualTo("schema_incompatible: schema id 99: a PROTOBUF schema, not Avro"));
    }

    @Test
    void unknownIdsUnframedRecordsAndTruncatedBodiesAreRejectedWithTheirReason() {
        FakeRegistry registry = new FakeRegistry();
        RegistryFraming framing = new RegistryFraming(registry.add(PRODUCER_V1), PRODUCER_V1);
        RegistryAvroDecoder decoder = new RegistryAvroDecoder(CLICK, "event_time", registry);
        byte[] good = framing.frame(v1("e-1", KAFKA_TS));

        assertThat(category(decoder.decode(new byte[] {0, 0, 0, 1, 7, 2, 'x'}, KAFKA_TS))).isEqualTo("unknown_schema");
        int asked = registry.lookups;
        assertThat(decoder.decode(new byte[] {0, (byte) 0xFF, 0, 0, 1, 2, 'x'}, KAFKA_TS)).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("unknown_schema: schema id 4278190081 is beyond any registry's ids"));
        assertThat(registry.lookups).as("an id with the sign bit set is not asked for").isEqualTo(asked);
        assertThat(category(decoder.decode("{\"event_id\": \"e\"}".getBytes(), KAFKA_TS))).isEqualTo("not_registry_framed");
        assertThat(category(decoder.decode(new byte[] {0, 0, 0}, KAFKA_TS))).isEqualTo("not_registry_framed");
        assertThat(category(decoder.decode(null, KAFKA_TS))).isEqualTo("tombstone");
        assertThat(category(decoder.decode(java.util.Arrays.copyOf(good, good.length - 3), KAFKA_TS))).isEqualTo("malformed_avro");
        byte[] trailing = java.util.Arrays.copyOf(good, good.length + 2);
        assertThat(decoder.decode(trailing, KAFKA_TS)).isInstanceOfSatisfying(DecodeResult.Rejected.class,
                r -> assertThat(r.reason()).startsWith("malformed_avro: bytes left after the record"));
    }

    @Test
    void aRegistryThatDoesNotAnswerStopsTheRunInsteadOfRejectingRecords() {
        FakeRegistry registry = new FakeRegistry();
        RegistryFraming framing = new RegistryFraming(registry.add(PRODUCER_V1), PRODUCER_V1);
        registry.down = true;
        RegistryAvroDecoder decoder = new RegistryAvroDecoder(CLICK, "event_time", registry);
        assertThatThrownBy(() -> decoder.decode(framing.frame(v1("e-1", KAFKA_TS)), KAFKA_TS))
                .isInstanceOf(RegistryUnavailableException.class);
        registry.down = false;
        assertThat(decoder.decode(framing.frame(v1("e-1", KAFKA_TS)), KAFKA_TS)).as("a failed lookup is not remembered")
                .isInstanceOf(DecodeResult.Decoded.class);
    }

    @Test
    void damagedAndRandomBodiesNeverThrowAndNeverAllocateWhatTheyClaim() {
        Random random = new Random(Long.getLong("fuzz.seed", System.nanoTime()));
        FakeRegistry registry = new FakeRegistry();
        RegistryFraming framing = new RegistryFraming(registry.add(PRODUCER_V1), PRODUCER_V1);
        RegistryAvroDecoder decoder = new RegistryAvroDecoder(CLICK, "event_time", registry);
        byte[] good = framing.frame(v1("e-1", KAFKA_TS));
        for (int i = 0; i < 20_000; i++) {
            byte[] value;
            if (i % 2 == 0) {
                value = good.clone();
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    value[5 + random.nextInt(value.length - 5)] = (byte) random.nextInt(256);
                }
            } else {
                value = new byte[5 + random.nextInt(200)];
                random.nextBytes(value);
                value[0] = 0;
                value[1] = value[2] = value[3] = 0;
                value[4] = 1;
            }
            DecodeResult r = decoder.decode(value, KAFKA_TS);
            if (r instanceof DecodeResult.Rejected rej) {
                assertThat(rej.category()).isIn("malformed_avro", "invalid_utf8");
            } else {
                GenericRecord rec = ((DecodeResult.Decoded) r).record();
                assertThat(GenericData.get().validate(CLICK, rec)).as("a decoded record is a valid click").isTrue();
            }
        }
    }

    private static String category(DecodeResult r) {
        return ((DecodeResult.Rejected) r).category();
    }

    @Test
    void nestedTimestampsInAnotherUnitAndEnumsOfAnotherFullNameAreIncompatible() {
        Schema type = parse("""
                {"type": "record", "name": "Order", "namespace": "shop", "fields": [
                  {"name": "event_time", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                  {"name": "item", "type": {"type": "record", "name": "Item", "fields": [
                    {"name": "added_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                    {"name": "kind", "type": {"type": "enum", "name": "Kind", "symbols": ["A", "B"]}}]}}]}""");
        String writerText = type.toString();
        Schema nestedMicros = parse(writerText.replace("{\"name\":\"added_at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-millis\"}}",
                "{\"name\":\"added_at\",\"type\":{\"type\":\"long\",\"logicalType\":\"timestamp-micros\"}}"));
        Schema otherEnum = parse(writerText.replace("\"name\":\"Kind\"", "\"name\":\"Kind\",\"namespace\":\"elsewhere\""));
        assertThat(WriterResolution.problem(type, type)).isEmpty();
        assertThat(WriterResolution.problem(type, nestedMicros)).hasValueSatisfying(p ->
                assertThat(p).isEqualTo("field item.added_at is written as timestamp-micros; the type has timestamp-millis"));
        assertThat(WriterResolution.problem(type, otherEnum)).hasValueSatisfying(p ->
                assertThat(p).contains("field item.kind is enum elsewhere.Kind").contains("alias \"elsewhere.Kind\""));
    }
}

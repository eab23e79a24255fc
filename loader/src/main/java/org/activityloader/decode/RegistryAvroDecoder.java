package org.activityloader.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads registry-framed Avro ({@code format: avro-registry}): magic byte 0, the writer schema's
 * 4-byte id in a schema registry, the binary body. Each record is read with its writer schema
 * resolved into the activity type's schema (Avro schema resolution: fields the writer lacks take
 * their defaults, fields the type lacks are skipped). A writer schema that cannot be resolved into
 * the type's is a reject ({@code schema_incompatible}); an id the registry does not know is
 * {@code unknown_schema}; a registry that does not answer stops the run
 * ({@link RegistryUnavailableException}). Not thread-safe: one per consuming thread.
 */
public final class RegistryAvroDecoder implements RecordDecoder {
    private static final int HEADER = 5;

    private final Schema schema;
    private final EventTimeField eventTime;
    private final WriterSchemas registry;
    private final Map<Integer, Reading> readingOfId = new HashMap<>();
    private BinaryDecoder reuse;

    public RegistryAvroDecoder(Schema schema, String eventTimeField, WriterSchemas registry) {
        this.schema = schema;
        this.eventTime = new EventTimeField(schema, eventTimeField);
        this.registry = registry;
    }

    @Override
    public DecodeResult decode(ConsumerRecord<byte[], byte[]> rec) {
        return decode(rec.value(), rec.timestamp());
    }

    public DecodeResult decode(byte[] value, long kafkaTimestamp) {
        if (value == null) {
            return DecodeResult.TOMBSTONE;
        }
        if (value.length < HEADER || value[0] != 0) {
            return new DecodeResult.Rejected("not_registry_framed", "a registry-framed record starts with byte 0 and a 4-byte"
                    + " schema id; this one " + (value.length < HEADER ? "has " + value.length + " bytes"
                    : String.format("starts with 0x%02X", value[0] & 0xFF)));
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        if (id < 0) { // registries hand out ids from 1; one with the sign bit set is no registry's (and not worth asking)
            return new DecodeResult.Rejected("unknown_schema", "schema id " + Integer.toUnsignedString(id) + " is beyond any"
                    + " registry's ids");
        }
        Reading reading = readingOfId.computeIfAbsent(id, this::reading);
        if (reading.refused() != null) {
            return reading.refused();
        }
        Optional<DecodeResult.Rejected> unsafe = AvroBodyCheck.check(reading.writer(), value, HEADER);
        if (unsafe.isPresent()) {
            return unsafe.get();
        }
        try {
            reuse = DecoderFactory.get().binaryDecoder(value, HEADER, value.length - HEADER, reuse);
            GenericRecord record = reading.reader().read(null, reuse);
            if (!reuse.isEnd()) {
                return new DecodeResult.Rejected("malformed_avro", "bytes left after the record of schema id " + id);
            }
            return eventTime.settle(record, kafkaTimestamp, reading.unknownFields());
        } catch (IOException | RuntimeException e) { // Avro's own limits throw UnsupportedOperationException
            return new DecodeResult.Rejected("malformed_avro", "schema id " + id + ": " + e.getMessage());
        }
    }

    /** How records of one writer schema are read, or why they cannot be. */
    private record Reading(Schema writer, GenericDatumReader<GenericRecord> reader, int unknownFields,
                           DecodeResult.Rejected refused) {
    }

    private Reading reading(int id) {
        WriterSchemas.WriterSchema found = registry.byId(id);
        if (found instanceof WriterSchemas.WriterSchema.Unusable u) {
            return refused("schema_incompatible", "schema id " + id + ": " + u.why());
        }
        if (!(found instanceof WriterSchemas.WriterSchema.Avro avro)) {
            return refused("unknown_schema", "the schema registry has no schema id " + id);
        }
        Schema writer = avro.schema();
        return WriterResolution.problem(schema, writer)
                .map(why -> refused("schema_incompatible", "schema id " + id + " (" + writer.getFullName()
                        + ") cannot be read as " + schema.getFullName() + ": " + why))
                .orElseGet(() -> new Reading(writer, new GenericDatumReader<>(writer, schema),
                        WriterResolution.unknownFields(schema, writer), null));
    }

    private static Reading refused(String category, String detail) {
        return new Reading(null, null, 0, new DecodeResult.Rejected(category, detail));
    }
}

package org.activityloader.decode;

import static org.activityloader.decode.AvroTypes.isTimestamp;
import static org.activityloader.decode.AvroTypes.nonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
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
    private static final Pattern FIELD_AT = Pattern.compile("/fields/(\\d+)");

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
            return new DecodeResult.Rejected("tombstone", "record has a null value");
        }
        if (value.length < HEADER || value[0] != 0) {
            return new DecodeResult.Rejected("not_registry_framed", "a registry-framed record starts with byte 0 and a 4-byte"
                    + " schema id; this one " + (value.length < HEADER ? "has " + value.length + " bytes"
                    : String.format("starts with 0x%02X", value[0] & 0xFF)));
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
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
            return eventTime.settle(record, kafkaTimestamp, 0);
        } catch (IOException | RuntimeException e) { // Avro's own limits throw UnsupportedOperationException
            return new DecodeResult.Rejected("malformed_avro", "schema id " + id + ": " + e.getMessage());
        }
    }

    /** How records of one writer schema are read, or why they cannot be. */
    private record Reading(Schema writer, GenericDatumReader<GenericRecord> reader, DecodeResult.Rejected refused) {
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
        return incompatibility(writer)
                .map(why -> refused("schema_incompatible", "schema id " + id + " (" + writer.getFullName()
                        + ") cannot be read as " + schema.getFullName() + ": " + why))
                .orElseGet(() -> new Reading(writer, new GenericDatumReader<>(writer, schema), null));
    }

    private static Reading refused(String category, String detail) {
        return new Reading(null, null, new DecodeResult.Rejected(category, detail));
    }

    /** Why a writer schema cannot be resolved into the type's, if it cannot: Avro's rules, and timestamps of one unit. */
    private Optional<String> incompatibility(Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
        if (pair.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            List<SchemaCompatibility.Incompatibility> problems = pair.getResult().getIncompatibilities();
            return Optional.of(problems.stream().limit(3).map(p -> where(p.getLocation()) + p.getMessage())
                    .collect(Collectors.joining("; ")));
        }
        if (writer.getType() != Schema.Type.RECORD) {
            return Optional.empty();
        }
        // Resolution reads a long as a long: micros written would be read as millis, a thousand times too late.
        for (Schema.Field f : schema.getFields()) {
            Schema.Field w = writerField(writer, f);
            if (w != null && isTimestamp(nonNull(f.schema()))) {
                LogicalType written = nonNull(w.schema()).getLogicalType();
                if (written != null && !isTimestamp(nonNull(w.schema()))) {
                    return Optional.of("field " + f.name() + " is written as " + written.getName()
                            + "; the type has timestamp-millis");
                }
            }
        }
        return Optional.empty();
    }

    /** The type's field an incompatibility's location ({@code /fields/9/type}, a pointer into the type's schema) is in. */
    private String where(String location) {
        Matcher m = FIELD_AT.matcher(location);
        return m.lookingAt() && Integer.parseInt(m.group(1)) < schema.getFields().size()
                ? "field " + schema.getFields().get(Integer.parseInt(m.group(1))).name() + ": " : "";
    }

    private static Schema.Field writerField(Schema writer, Schema.Field readerField) {
        Schema.Field w = writer.getField(readerField.name());
        for (String alias : readerField.aliases()) {
            w = w != null ? w : writer.getField(alias);
        }
        return w;
    }
}

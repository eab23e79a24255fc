package org.activityloader.decode;

import static org.activityloader.decode.AvroTypes.isTimestamp;
import static org.activityloader.decode.AvroTypes.nonNull;
import static org.activityloader.decode.JsonTokens.describe;
import static org.activityloader.decode.JsonTokens.expect;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;

/**
 * Reads JSON events (UTF-8 objects) into records of one schema, in one streaming pass: a missing
 * required field, a wrong type, a value out of range or bytes that are not a JSON object are a
 * reject with the reason; fields the schema does not know are skipped and counted. Not
 * thread-safe: it owns Jackson's buffers and the event being read.
 */
final class JsonEventReader {
    private final Schema schema;
    private final Schema.Field eventTimeField;
    /** Jackson's buffers are this reader's own: no thread-local lookup per event. */
    private final JsonFactory json = JsonFactory.builder().recyclerPool(new OwnBuffers()).build();
    private final FieldLookup topLevel;
    private final Map<Schema, FieldLookup> nestedLookups = new HashMap<>();
    private int unknownFields;
    /** The JSON event being read: plain strings are copied from it as UTF-8 bytes. */
    private byte[] input;

    JsonEventReader(Schema schema, Schema.Field eventTimeField) {
        this.schema = schema;
        this.eventTimeField = eventTimeField;
        this.topLevel = new FieldLookup(schema);
    }

    /** The record (its event time null when the event has none), or the reason it is rejected. */
    DecodeResult read(byte[] value) {
        Optional<DecodeResult> notUtf8 = JsonEncoding.notUtf8(value);
        if (notUtf8.isPresent()) {
            return notUtf8.get();
        }
        unknownFields = 0;
        input = value;
        try (JsonParser p = json.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return new DecodeResult.Rejected("malformed_json", "an event must be a JSON object, found "
                        + describe(p.currentToken()));
            }
            GenericRecord record = readRecord(p, schema, "");
            if (p.nextToken() != null) {
                return new DecodeResult.Rejected("malformed_json", "trailing content after the event object");
            }
            return new DecodeResult.Decoded(record, 0, unknownFields);
        } catch (SchemaViolation e) {
            return new DecodeResult.Rejected("schema_violation", e.getMessage());
        } catch (CharConversionException e) {
            return new DecodeResult.Rejected("invalid_utf8", e.getMessage());
        } catch (JsonParseException e) {
            if (String.valueOf(e.getOriginalMessage()).startsWith("Invalid UTF-8")) {
                return new DecodeResult.Rejected("invalid_utf8", e.getOriginalMessage());
            }
            return new DecodeResult.Rejected("malformed_json", e.getOriginalMessage()
                    + " at byte " + e.getLocation().getByteOffset());
        } catch (IOException e) {
            return new DecodeResult.Rejected("malformed_json", String.valueOf(e.getMessage()));
        } finally {
            input = null;
        }
    }

    private GenericRecord readRecord(JsonParser p, Schema recordSchema, String path) throws IOException {
        GenericData.Record record = new GenericData.Record(recordSchema);
        FieldLookup lookup = recordSchema == schema ? topLevel : nestedLookups.computeIfAbsent(recordSchema, FieldLookup::new);
        boolean[] seen = new boolean[recordSchema.getFields().size()];
        JsonToken t;
        int expected = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            Schema.Field field = lookup.find(name, expected);
            expected = field == null ? expected : field.pos() + 1;
            JsonToken valueToken = p.nextToken();
            if (field == null) {
                unknownFields++;
                p.skipChildren();
                continue;
            }
            String fieldPath = path.isEmpty() ? name : path + name; // for messages and nested fields: no copy at the top
            if (valueToken == JsonToken.VALUE_NULL && path.isEmpty() && field == eventTimeField) {
                continue; // an explicit null event time is treated as absent: the Kafka timestamp is used
            }
            record.put(field.pos(), readValue(p, valueToken, field.schema(), fieldPath));
            seen[field.pos()] = true;
        }
        if (t != JsonToken.END_OBJECT) {
            throw new JsonParseException(p, "unexpected " + describe(t));
        }
        for (Schema.Field field : recordSchema.getFields()) {
            if (!seen[field.pos()]) {
                record.put(field.pos(), missing(lookup, field, path));
            }
        }
        return record;
    }

    private Object missing(FieldLookup lookup, Schema.Field field, String path) {
        if (field.hasDefaultValue()) {
            return lookup.defaults[field.pos()];
        }
        if (field.schema().isNullable()) {
            return null;
        }
        if (path.isEmpty() && field == eventTimeField) {
            return null; // filled from the Kafka timestamp
        }
        throw new SchemaViolation("missing required field '" + path + field.name() + "'");
    }

    private Object readValue(JsonParser p, JsonToken t, Schema s, String path) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            if (s.isNullable()) {
                return null;
            }
            throw new SchemaViolation("field '" + path + "' is null but the schema does not allow null");
        }
        Schema type = nonNull(s);
        switch (type.getType()) {
            case STRING:
                expect(t == JsonToken.VALUE_STRING, "a string", t, path);
                return utf8(p);
            case INT:
                return readInt(p, t, path);
            case LONG:
                return readLong(p, t, type, path);
            case DOUBLE:
                expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT, "a number", t, path);
                return p.getDoubleValue();
            case FLOAT:
                expect(t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT, "a number", t, path);
                return p.getFloatValue();
            case BOOLEAN:
                expect(t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE, "true or false", t, path);
                return t == JsonToken.VALUE_TRUE;
            case ENUM:
                return readEnum(p, t, type, path);
            case BYTES:
                expect(t == JsonToken.VALUE_STRING, "a string", t, path);
                return ByteBuffer.wrap(p.getText().getBytes(StandardCharsets.UTF_8));
            case RECORD:
                expect(t == JsonToken.START_OBJECT, "an object", t, path);
                return readRecord(p, type, path + ".");
            case ARRAY:
                return readArray(p, t, type, path);
            case MAP:
                return readMap(p, t, type, path);
            default:
                throw new SchemaViolation("field '" + path + "' has schema type " + type.getType() + ", which JSON events cannot carry");
        }
    }

    private static int readInt(JsonParser p, JsonToken t, String path) throws IOException {
        expect(t == JsonToken.VALUE_NUMBER_INT, "an int", t, path);
        try {
            return p.getIntValue();
        } catch (InputCoercionException e) {
            throw new SchemaViolation("field '" + path + "' value " + p.getText() + " is out of range for int");
        }
    }

    /** A long, or a timestamp given as epoch millis or as ISO-8601 text. */
    private static long readLong(JsonParser p, JsonToken t, Schema type, String path) throws IOException {
        if (isTimestamp(type) && t == JsonToken.VALUE_STRING) {
            return IsoTimestamps.parse(p.getText(), path);
        }
        expect(t == JsonToken.VALUE_NUMBER_INT, isTimestamp(type) ? "epoch millis or an ISO-8601 time" : "a long", t, path);
        try {
            return p.getLongValue();
        } catch (InputCoercionException e) {
            throw new SchemaViolation("field '" + path + "' value " + p.getText() + " is out of range for long");
        }
    }

    private static GenericData.EnumSymbol readEnum(JsonParser p, JsonToken t, Schema type, String path) throws IOException {
        expect(t == JsonToken.VALUE_STRING, "a string", t, path);
        String symbol = p.getText();
        if (!type.hasEnumSymbol(symbol)) {
            throw new SchemaViolation("field '" + path + "' value '" + symbol + "' is not one of " + type.getEnumSymbols());
        }
        return new GenericData.EnumSymbol(type, symbol);
    }

    private GenericData.Array<Object> readArray(JsonParser p, JsonToken t, Schema type, String path) throws IOException {
        expect(t == JsonToken.START_ARRAY, "an array", t, path);
        List<Object> items = new ArrayList<>();
        JsonToken item;
        while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
            items.add(readValue(p, item, type.getElementType(), path + "[" + items.size() + "]"));
        }
        return new GenericData.Array<>(type, items);
    }

    private Map<String, Object> readMap(JsonParser p, JsonToken t, Schema type, String path) throws IOException {
        expect(t == JsonToken.START_OBJECT, "an object", t, path);
        Map<String, Object> map = new HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            map.put(key, readValue(p, p.nextToken(), type.getValueType(), path + "." + key));
        }
        return map;
    }

    /**
     * A string value as Avro's UTF-8 string. Most values are printable ASCII without escapes: their
     * bytes in the event are their UTF-8 form, copied without decoding them to a String and
     * encoding it back. Anything else (escapes, control or non-ASCII bytes) goes through Jackson,
     * which checks it.
     */
    private Utf8 utf8(JsonParser p) throws IOException {
        long quote = p.currentTokenLocation().getByteOffset();
        if (quote >= 0 && quote < input.length && input[(int) quote] == '"') {
            for (int i = (int) quote + 1; i < input.length; i++) {
                byte b = input[i];
                if (b == '"') {
                    return new Utf8(Arrays.copyOfRange(input, (int) quote + 1, i));
                }
                if (b < 0x20 || b == '\\') { // bytes are signed: non-ASCII ones are negative
                    break;
                }
            }
        }
        return new Utf8(p.getText());
    }
}

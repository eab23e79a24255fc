package org.activityloader.write;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.avro.AvroSchemaConverter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes Avro records of a flat schema (every field a primitive, an enum, or a primitive or enum
 * or null) to Parquet, the column layout being parquet-avro's own conversion of the Avro schema.
 * parquet-avro's general writer resolves unions and logical types and looks up the field's schema
 * for every value; here each field's kind is settled once, and strings held as Avro {@link Utf8}
 * (what the decoder produces) go to Parquet as their bytes, without re-encoding. The footer carries
 * the Avro schema as parquet-avro writes it, so Avro-aware readers see no difference. Schemas with
 * nested records, arrays, maps, fixed or wider unions are written by parquet-avro instead.
 */
final class FlatRecordWriteSupport extends WriteSupport<GenericRecord> {
    /** Footer keys parquet-avro writes and reads (AvroWriteSupport.AVRO_SCHEMA, its model name). */
    private static final String AVRO_SCHEMA_KEY = "parquet.avro.schema";
    private static final String MODEL_NAME = "avro";

    private enum Kind { STRING, ENUM, BYTES, INT, LONG, FLOAT, DOUBLE, BOOLEAN }

    private final Schema schema;
    private final String[] names;
    private final Kind[] kinds;
    private final boolean[] optional;
    private MessageType parquetSchema;
    private RecordConsumer out;

    private FlatRecordWriteSupport(Schema schema, Kind[] kinds, boolean[] optional) {
        this.schema = schema;
        this.names = schema.getFields().stream().map(Schema.Field::name).toArray(String[]::new);
        this.kinds = kinds;
        this.optional = optional;
    }

    /** A write support for the schema, or null when the schema is not flat. */
    static FlatRecordWriteSupport forSchema(Schema schema) {
        List<Schema.Field> fields = schema.getFields();
        Kind[] kinds = new Kind[fields.size()];
        boolean[] optional = new boolean[fields.size()];
        for (Schema.Field f : fields) {
            Schema type = f.schema();
            if (type.getType() == Schema.Type.UNION) {
                List<Schema> branches = type.getTypes();
                if (branches.size() != 2 || !type.isNullable()) {
                    return null;
                }
                type = branches.get(0).getType() == Schema.Type.NULL ? branches.get(1) : branches.get(0);
                optional[f.pos()] = true;
            }
            kinds[f.pos()] = kindOf(type);
            if (kinds[f.pos()] == null) {
                return null;
            }
        }
        return new FlatRecordWriteSupport(schema, kinds, optional);
    }

    private static Kind kindOf(Schema type) {
        return switch (type.getType()) {
            case STRING -> Kind.STRING;
            case ENUM -> Kind.ENUM;
            case BYTES -> Kind.BYTES;
            case INT -> Kind.INT;
            case LONG -> Kind.LONG;
            case FLOAT -> Kind.FLOAT;
            case DOUBLE -> Kind.DOUBLE;
            case BOOLEAN -> Kind.BOOLEAN;
            default -> null;
        };
    }

    @Override
    public String getName() {
        return MODEL_NAME;
    }

    @Override
    public WriteContext init(Configuration configuration) {
        parquetSchema = new AvroSchemaConverter(configuration).convert(schema);
        return new WriteContext(parquetSchema, Map.of(AVRO_SCHEMA_KEY, schema.toString()));
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(GenericRecord record) {
        out.startMessage();
        for (int i = 0; i < names.length; i++) {
            Object value = record.get(i);
            if (value == null) {
                if (!optional[i]) {
                    throw new IllegalArgumentException("null value for the required field " + names[i] + " of " + schema.getFullName());
                }
                continue;
            }
            out.startField(names[i], i);
            switch (kinds[i]) {
                case STRING -> out.addBinary(value instanceof Utf8 u
                        ? Binary.fromReusedByteArray(u.getBytes(), 0, u.getByteLength())
                        : Binary.fromString(value.toString()));
                case ENUM -> out.addBinary(Binary.fromString(value.toString()));
                case BYTES -> out.addBinary(Binary.fromReusedByteBuffer(((ByteBuffer) value).duplicate()));
                case INT -> out.addInteger((Integer) value);
                case LONG -> out.addLong((Long) value);
                case FLOAT -> out.addFloat((Float) value);
                case DOUBLE -> out.addDouble((Double) value);
                case BOOLEAN -> out.addBoolean((Boolean) value);
            }
            out.endField(names[i], i);
        }
        out.endMessage();
    }
}

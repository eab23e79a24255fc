package org.activityloader.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;

/**
 * Reads Avro single-object encoded events ({@code C3 01}, the schema's 64-bit fingerprint, the
 * binary body) of one schema. An unknown fingerprint, a truncated body or a string that is not
 * UTF-8 is a reject with its reason. Not thread-safe.
 */
final class AvroEventReader {
    private final Schema schema;
    private final BinaryMessageDecoder<GenericRecord> decoder;
    private final long fingerprint;

    AvroEventReader(Schema schema) {
        this.schema = schema;
        this.decoder = new BinaryMessageDecoder<>(GenericData.get(), schema);
        this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    }

    static boolean isSingleObject(byte[] value) {
        return value.length > 1 && value[0] == (byte) 0xC3 && value[1] == 0x01;
    }

    /** The record, or the reason it is rejected; its event time is the decoder's to settle. */
    DecodeResult read(byte[] value) {
        if (value.length >= 10 && ByteBuffer.wrap(value, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong() == fingerprint) {
            // Avro allocates every string's claimed length before reading it: a flipped length byte in a
            // 40-byte event would allocate up to 2 GB. Walk the body first; no length may pass its end.
            ByteArrayInputStream body = new ByteArrayInputStream(value, 10, value.length - 10);
            try {
                checkLengths(schema, DecoderFactory.get().directBinaryDecoder(body, null), body);
            } catch (InvalidUtf8 e) {
                return new DecodeResult.Rejected("invalid_utf8", e.getMessage());
            } catch (IOException | RuntimeException e) {
                return new DecodeResult.Rejected("malformed_avro", String.valueOf(e.getMessage()));
            }
        }
        try {
            return new DecodeResult.Decoded(decoder.decode(value), 0, 0);
        } catch (MissingSchemaException e) {
            return new DecodeResult.Rejected("unknown_schema", "Avro single-object event with a schema fingerprint "
                    + "this job does not know (" + e.getMessage() + ")");
        } catch (IOException | RuntimeException e) { // Avro's own limits throw UnsupportedOperationException
            return new DecodeResult.Rejected("malformed_avro", String.valueOf(e.getMessage()));
        }
    }

    /** Reads past one value of the schema, refusing any length or count larger than the bytes left. */
    private static void checkLengths(Schema s, Decoder in, InputStream body) throws IOException {
        switch (s.getType()) {
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    checkLengths(f.schema(), in, body);
                }
            }
            case UNION -> {
                int branch = in.readIndex();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new IOException("union branch " + branch + " does not exist");
                }
                checkLengths(s.getTypes().get(branch), in, body);
            }
            case STRING -> {
                byte[] text = new byte[bounded(in.readLong(), body)];
                in.readFixed(text);
                try { // Avro copies string bytes as they are; Parquet would write them so, and readers refuse the file
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(text));
                } catch (CharacterCodingException e) {
                    throw new InvalidUtf8("a string is not UTF-8 (" + e.getMessage() + ")");
                }
            }
            case BYTES -> in.skipFixed(bounded(in.readLong(), body));
            case FIXED -> in.skipFixed(s.getFixedSize());
            case INT, ENUM -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            case NULL -> in.readNull();
            case ARRAY, MAP -> {
                for (long n = in.readLong(); n != 0; n = in.readLong()) {
                    if (n < 0) { // a block with its byte size
                        n = -n;
                        in.readLong();
                    }
                    bounded(n, body);
                    for (long i = 0; i < n; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            in.skipFixed(bounded(in.readLong(), body));
                        }
                        checkLengths(s.getType() == Schema.Type.MAP ? s.getValueType() : s.getElementType(), in, body);
                    }
                }
            }
        }
    }

    private static int bounded(long length, InputStream body) throws IOException {
        if (length < 0 || length > body.available()) {
            throw new IOException("a length of " + length + " is beyond the " + body.available() + " bytes left in the event");
        }
        return (int) length;
    }

    private static final class InvalidUtf8 extends IOException {
        InvalidUtf8(String message) {
            super(message);
        }
    }
}

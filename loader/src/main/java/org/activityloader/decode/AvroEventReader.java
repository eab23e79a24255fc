package org.activityloader.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
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
            Optional<DecodeResult.Rejected> unsafe = AvroBodyCheck.check(schema, value, 10);
            if (unsafe.isPresent()) {
                return unsafe.get();
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
}

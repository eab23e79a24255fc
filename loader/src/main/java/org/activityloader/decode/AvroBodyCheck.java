package org.activityloader.decode;

import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body before Avro reads it. Avro allocates every string's claimed length
 * before reading it: a flipped length byte in a 40-byte event would allocate up to 2 GB. Here no
 * length or count may pass the body's end, and every string must be UTF-8 (Avro copies string bytes
 * as they are; Parquet would write them so, and readers refuse the file). It reads the bytes in place
 * and allocates nothing while the body is sound: it runs on every record.
 */
final class AvroBodyCheck {
    /** Deeper nesting (a recursive writer schema) would overflow the stack here and in Avro's reader. */
    private static final int MAX_DEPTH = 200;

    private final byte[] b;
    private int pos;
    private int depth;
    /** Array and map elements so far: no more than the event has bytes, even of elements that take none (null). */
    private long elements;
    /**
     * Values walked so far, against a budget in proportion to the body's bytes: records of records of
     * nulls (named types reused) take no bytes and could stand for 2^30 values that Avro would walk too.
     */
    private long values;
    private final long budget;

    private AvroBodyCheck(byte[] b, int offset) {
        this.b = b;
        this.pos = offset;
        this.budget = 16L * (b.length - offset) + 1_000;
    }

    /** Empty when the body from {@code offset} on can be read with {@code schema} safely; else why not. */
    static Optional<DecodeResult.Rejected> check(Schema schema, byte[] value, int offset) {
        try {
            new AvroBodyCheck(value, offset).skip(schema);
            return Optional.empty();
        } catch (Unsound e) {
            return Optional.of(new DecodeResult.Rejected(e.category, e.getMessage()));
        }
    }

    /** Reads past one value of the schema. */
    private void skip(Schema s) {
        if (++depth > MAX_DEPTH) {
            throw new Unsound("malformed_avro", "values nested deeper than " + MAX_DEPTH);
        }
        if (++values > budget) {
            throw new Unsound("malformed_avro", "more values than a body of " + (b.length) + " bytes can hold");
        }
        switch (s.getType()) {
            case RECORD -> {
                for (Schema.Field f : s.getFields()) {
                    skip(f.schema());
                }
            }
            case UNION -> {
                long branch = readLong();
                if (branch < 0 || branch >= s.getTypes().size()) {
                    throw new Unsound("malformed_avro", "union branch " + branch + " does not exist");
                }
                skip(s.getTypes().get((int) branch));
            }
            case STRING -> utf8(length());
            case BYTES -> pos += length();
            case FIXED -> pos += bounded(s.getFixedSize());
            case INT, ENUM, LONG -> readLong();
            case FLOAT -> pos += bounded(4);
            case DOUBLE -> pos += bounded(8);
            case BOOLEAN -> pos += bounded(1);
            case NULL -> {
            }
            case ARRAY, MAP -> {
                for (long n = readLong(); n != 0; n = readLong()) {
                    long size = -1;
                    if (n < 0) { // a block with its byte size, which Avro uses to skip it: it must be the block's
                        n = -n;
                        size = bounded(readLong());
                    }
                    elements += bounded(n);
                    if (elements > b.length) {
                        throw new Unsound("malformed_avro", "more array or map elements than the event has bytes");
                    }
                    int start = pos;
                    for (long i = 0; i < n; i++) {
                        if (s.getType() == Schema.Type.MAP) {
                            utf8(length());
                        }
                        skip(s.getType() == Schema.Type.MAP ? s.getValueType() : s.getElementType());
                    }
                    if (size >= 0 && pos - start != size) {
                        throw new Unsound("malformed_avro", "a block says it has " + size + " bytes, its items take " + (pos - start));
                    }
                }
            }
        }
        depth--;
    }

    /** A zig-zag varint of at most 10 bytes. */
    private long readLong() {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= b.length) {
                throw new Unsound("malformed_avro", "the event ends inside a number");
            }
            int next = b[pos++];
            raw |= (long) (next & 0x7F) << shift;
            if ((next & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new Unsound("malformed_avro", "a number longer than 10 bytes");
    }

    private int length() {
        return bounded(readLong());
    }

    private int bounded(long length) {
        if (length < 0 || length > b.length - pos) {
            throw new Unsound("malformed_avro", "a length of " + length + " is beyond the " + (b.length - pos)
                    + " bytes left in the event");
        }
        return (int) length;
    }

    /** Checks {@code length} bytes from here are UTF-8 (no overlong forms, surrogates or code points past U+10FFFF) and moves past them. */
    private void utf8(int length) {
        int end = pos + length;
        while (pos < end) {
            int c = b[pos] & 0xFF;
            if (c < 0x80) {
                pos++;
                continue;
            }
            int extra = c >= 0xC2 && c <= 0xDF ? 1 : c >= 0xE0 && c <= 0xEF ? 2 : c >= 0xF0 && c <= 0xF4 ? 3 : -1;
            if (extra < 0 || pos + extra >= end) {
                throw notUtf8(pos);
            }
            int second = b[pos + 1] & 0xFF;
            boolean secondOk = switch (c) {
                case 0xE0 -> second >= 0xA0 && second <= 0xBF;
                case 0xED -> second >= 0x80 && second <= 0x9F;
                case 0xF0 -> second >= 0x90 && second <= 0xBF;
                case 0xF4 -> second >= 0x80 && second <= 0x8F;
                default -> second >= 0x80 && second <= 0xBF;
            };
            if (!secondOk) {
                throw notUtf8(pos);
            }
            for (int i = 2; i <= extra; i++) {
                if ((b[pos + i] & 0xC0) != 0x80) {
                    throw notUtf8(pos);
                }
            }
            pos += extra + 1;
        }
    }

    private Unsound notUtf8(int at) {
        return new Unsound("invalid_utf8", "a string is not UTF-8 (bad sequence at byte " + at + ")");
    }

    private static final class Unsound extends RuntimeException {
        final String category;

        Unsound(String category, String message) {
            super(message, null, false, false);
            this.category = category;
        }
    }
}

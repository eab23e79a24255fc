package org.activityloader.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;

/**
 * Deterministic (for a seed) stream of hostile Kafka record values for one activity schema: random
 * bytes, valid JSON and Avro single-object events, and mutations of them (bit flips, truncations,
 * insertions, deleted or duplicated ranges, random field values and types, deep nesting, huge
 * numbers, odd timestamps). Pure: no I/O, so the unit fuzz test and the broker fuzz run share it.
 */
public final class EventFuzzer {
    /** What kind of input {@link #next} made, for the failure report. */
    public record Input(String kind, byte[] value) {
        public String describe() {
            if (value == null) {
                return kind + ": null";
            }
            String text = new String(value, 0, Math.min(value.length, 300), StandardCharsets.ISO_8859_1)
                    .replaceAll("[^\\x20-\\x7e]", "·");
            return kind + " (" + value.length + " bytes): " + text + (value.length > 300 ? "..." : "")
                    + " base64=" + java.util.Base64.getEncoder().encodeToString(
                    Arrays.copyOf(value, Math.min(value.length, 200)));
        }
    }

    private static final String[] INTERESTING_TEXT = {
        "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u0000", "\\ud800", "\\uDFFF", "null", "true", "1e999", "-0",
        "99999999999999999999999999", "{\"a\":", "\"event_time\":", "/*x*/", "\u00e9", "\u2028", "NaN", "Infinity",
    };
    private static final byte[] INTERESTING_BYTES = {
        0, 1, 0x7f, (byte) 0x80, (byte) 0xbf, (byte) 0xc0, (byte) 0xc3, (byte) 0xe2, (byte) 0xed, (byte) 0xf0,
        (byte) 0xf4, (byte) 0xf8, (byte) 0xfe, (byte) 0xff, '"', '\\', '{', '}', ',', ':',
    };

    private final Random random;
    private final Schema schema;
    private final Schema otherSchema;
    private final long baseTime;
    private final BinaryMessageEncoder<GenericRecord> avro;
    private final BinaryMessageEncoder<GenericRecord> otherAvro;

    /**
     * @param schema      the schema the events should follow
     * @param otherSchema a different schema, for Avro events whose fingerprint the decoder does not know
     * @param baseTime    event times of "good" events are around this instant
     */
    public EventFuzzer(long seed, Schema schema, Schema otherSchema, Instant baseTime) {
        this.random = new Random(seed);
        this.schema = schema;
        this.otherSchema = otherSchema;
        this.baseTime = baseTime.toEpochMilli();
        this.avro = new BinaryMessageEncoder<>(GenericData.get(), schema);
        this.otherAvro = new BinaryMessageEncoder<>(GenericData.get(), otherSchema);
    }

    public Input next() {
        int r = random.nextInt(100);
        if (r < 10) {
            return new Input("random bytes", randomBytes(random.nextInt(random.nextBoolean() ? 16 : 400)));
        }
        if (r < 12) {
            return random.nextBoolean() ? new Input("null", null) : new Input("empty", new byte[0]);
        }
        if (r < 25) {
            return new Input("valid json", json(goodJson()));
        }
        if (r < 45) {
            return new Input("json, random field values", json(randomFieldsJson()));
        }
        if (r < 70) {
            return mutate("mutated json", json(random.nextBoolean() ? goodJson() : randomFieldsJson()));
        }
        if (r < 75) {
            return new Input("deep nesting", json(deepNesting()));
        }
        if (r < 82) {
            return new Input("valid avro", avro(avro, randomRecord(schema)));
        }
        if (r < 85) {
            return new Input("avro of another schema", avro(otherAvro, randomRecord(otherSchema)));
        }
        return mutate("mutated avro", avro(avro, randomRecord(schema)));
    }

    // ---- JSON events

    private String goodJson() {
        StringBuilder sb = new StringBuilder("{");
        for (Schema.Field f : schema.getFields()) {
            boolean optional = f.hasDefaultValue() || f.schema().isNullable();
            if (optional && random.nextInt(3) == 0) {
                continue;
            }
            sb.append(sb.length() > 1 ? "," : "").append(quote(f.name())).append(':').append(goodValue(f));
        }
        if (random.nextInt(4) == 0) {
            sb.append(",\"unknown_").append(random.nextInt(5)).append("\":").append(randomValue(2));
        }
        return sb.append('}').toString();
    }

    private String goodValue(Schema.Field f) {
        Schema s = nonNull(f.schema());
        if (f.name().equals("event_time")) {
            long t = baseTime + random.nextInt(4 * 3_600_000) - 2 * 3_600_000;
            return random.nextBoolean() ? Long.toString(t) : quote(Instant.ofEpochMilli(t).toString());
        }
        return switch (s.getType()) {
            case STRING -> quote(randomText(random.nextInt(20)));
            case INT -> Integer.toString(random.nextInt(1000));
            case LONG -> Long.toString(random.nextLong());
            case BOOLEAN -> Boolean.toString(random.nextBoolean());
            case DOUBLE, FLOAT -> Double.toString(random.nextDouble());
            default -> "null";
        };
    }

    /** Every field present, absent, or with a value of a random JSON type. */
    private String randomFieldsJson() {
        StringBuilder sb = new StringBuilder("{");
        List<Schema.Field> fields = new ArrayList<>(schema.getFields());
        java.util.Collections.shuffle(fields, random);
        for (Schema.Field f : fields) {
            int r = random.nextInt(10);
            if (r == 0) {
                continue;
            }
            String value = r < 5 ? goodValue(f) : f.name().equals("event_time") && r < 8 ? oddTime() : randomValue(3);
            sb.append(sb.length() > 1 ? "," : "").append(quote(f.name())).append(':').append(value);
            if (random.nextInt(15) == 0) { // a duplicate key
                sb.append(',').append(quote(f.name())).append(':').append(randomValue(1));
            }
        }
        if (random.nextInt(3) == 0) {
            sb.append(sb.length() > 1 ? "," : "").append(quote(randomText(6))).append(':').append(randomValue(4));
        }
        return sb.append('}').toString();
    }

    private String oddTime() {
        return switch (random.nextInt(12)) {
            case 0 -> Long.toString(Long.MAX_VALUE);
            case 1 -> Long.toString(Long.MIN_VALUE);
            case 2 -> "9223372036854775808";
            case 3 -> quote("+292278995-01-01T00:00:00Z"); // past what epoch millis can hold
            case 4 -> quote("-999999999-01-01T00:00:00+18:00");
            case 5 -> quote("2024-02-30T10:00:00Z");
            case 6 -> quote("2024-03-10T10:00:00"); // no offset
            case 7 -> quote("yesterday");
            case 8 -> quote(Instant.ofEpochMilli(baseTime).toString().replace("Z", "+25:00"));
            case 9 -> Long.toString(random.nextLong());
            case 10 -> "1.7e12";
            default -> quote("+" + (10_000 + random.nextInt(1_000_000_000)) + "-01-01T00:00:00Z");
        };
    }

    private String randomValue(int depth) {
        int r = random.nextInt(depth > 0 ? 16 : 12);
        return switch (r) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> Integer.toString(random.nextInt());
            case 3 -> Long.toString(random.nextLong());
            case 4 -> hugeNumber();
            case 5 -> Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300));
            case 6 -> quote(randomText(random.nextInt(30)));
            case 7 -> "\"" + randomEscapes() + "\"";
            case 8 -> oddTime();
            case 9 -> "-0";
            case 10 -> "1e" + (random.nextInt(2000) - 1000);
            case 11 -> "\"\"";
            case 12, 13 -> {
                StringBuilder sb = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(randomValue(depth - 1));
                }
                yield sb.append(']').toString();
            }
            default -> {
                StringBuilder sb = new StringBuilder("{");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    sb.append(i > 0 ? "," : "").append(quote(randomText(4))).append(':').append(randomValue(depth - 1));
                }
                yield sb.append('}').toString();
            }
        };
    }

    private String hugeNumber() {
        StringBuilder sb = new StringBuilder(random.nextBoolean() ? "-" : "");
        sb.append(1 + random.nextInt(9));
        int digits = random.nextInt(10) == 0 ? 1000 + random.nextInt(2000) : 10 + random.nextInt(40);
        for (int i = 0; i < digits; i++) {
            sb.append(random.nextInt(10));
        }
        if (random.nextInt(4) == 0) {
            sb.append('.').append(random.nextInt(1000));
        }
        return sb.toString();
    }

    private String deepNesting() {
        int depth = random.nextInt(3) == 0 ? 1000 + random.nextInt(4000) : 10 + random.nextInt(200);
        boolean arrays = random.nextBoolean();
        StringBuilder sb = new StringBuilder();
        String field = random.nextBoolean() ? "\"nest\"" : quote(schema.getFields().get(random.nextInt(schema.getFields().size())).name());
        String base = goodJson();
        sb.append(base, 0, base.length() - 1).append(',').append(field).append(':');
        sb.append((arrays ? "[" : "{\"a\":").repeat(depth)).append('1').append((arrays ? "]" : "}").repeat(depth));
        return sb.append('}').toString();
    }

    private String randomText(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int r = random.nextInt(20);
            if (r < 14) {
                sb.append((char) ('a' + random.nextInt(26)));
            } else if (r < 17) {
                sb.append(" /.-_".charAt(random.nextInt(5)));
            } else if (r < 19) {
                sb.appendCodePoint(0xa0 + random.nextInt(0x3000));
            } else {
                sb.appendCodePoint(0x1f600 + random.nextInt(80)); // outside the BMP
            }
        }
        return sb.toString();
    }

    private String randomEscapes() {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
            sb.append(switch (random.nextInt(6)) {
                case 0 -> "\\n";
                case 1 -> "\\u" + String.format("%04x", random.nextInt(0x10000));
                case 2 -> "\\\"";
                case 3 -> "\\\\";
                case 4 -> "\\x"; // not a JSON escape
                default -> "\\ud83d\\ude00";
            });
        }
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // ---- Avro single-object events

    private GenericRecord randomRecord(Schema s) {
        GenericData.Record record = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            Schema type = nonNull(f.schema());
            boolean nullable = f.schema().isNullable();
            if (nullable && random.nextInt(3) == 0) {
                record.put(f.pos(), null);
                continue;
            }
            record.put(f.pos(), switch (type.getType()) {
                case STRING -> randomText(random.nextInt(20));
                case INT -> random.nextInt();
                case LONG -> f.name().equals("event_time") && random.nextInt(4) > 0
                        ? baseTime + random.nextInt(3_600_000) : random.nextLong();
                case BOOLEAN -> random.nextBoolean();
                case DOUBLE -> random.nextDouble();
                case FLOAT -> random.nextFloat();
                default -> null;
            });
        }
        return record;
    }

    private static byte[] avro(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- byte-level mutations

    private Input mutate(String kind, byte[] value) {
        int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
        List<String> applied = new ArrayList<>();
        byte[] v = value;
        for (int i = 0; i < rounds; i++) {
            int op = random.nextInt(8);
            v = switch (op) {
                case 0 -> flipBits(v);
                case 1 -> truncate(v);
                case 2 -> insert(v, randomBytes(1 + random.nextInt(8)));
                case 3 -> insert(v, INTERESTING_TEXT[random.nextInt(INTERESTING_TEXT.length)].getBytes(StandardCharsets.UTF_8));
                case 4 -> deleteRange(v);
                case 5 -> duplicateRange(v);
                case 6 -> replaceByte(v);
                default -> insertVarint(v); // a stray (Avro) length prefix
            };
            applied.add(List.of("flip", "truncate", "insert-random", "insert-token", "delete", "duplicate", "replace", "varint").get(op));
        }
        return new Input(kind + " " + applied, v);
    }

    /** A length prefix of any size, often right after the single-object header (the first field's length). */
    private byte[] insertVarint(byte[] v) {
        long n = switch (random.nextInt(3)) {
            case 0 -> random.nextLong();
            case 1 -> random.nextInt(Integer.MAX_VALUE);
            default -> -1 - random.nextInt(1000);
        };
        byte[] piece = varint(n);
        int at = v.length > 10 && random.nextBoolean() ? 10 : random.nextInt(v.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length + piece.length);
        out.write(v, 0, at);
        out.write(piece, 0, piece.length);
        out.write(v, at, v.length - at);
        return out.toByteArray();
    }

    private byte[] flipBits(byte[] v) {
        if (v.length == 0) {
            return v;
        }
        byte[] out = v.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private byte[] truncate(byte[] v) {
        return Arrays.copyOf(v, v.length == 0 ? 0 : random.nextInt(v.length));
    }

    private byte[] insert(byte[] v, byte[] piece) {
        int at = random.nextInt(v.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length + piece.length);
        out.write(v, 0, at);
        out.write(piece, 0, piece.length);
        out.write(v, at, v.length - at);
        return out.toByteArray();
    }

    private byte[] deleteRange(byte[] v) {
        if (v.length == 0) {
            return v;
        }
        int from = random.nextInt(v.length);
        int to = Math.min(v.length, from + 1 + random.nextInt(8));
        ByteArrayOutputStream out = new ByteArrayOutputStream(v.length);
        out.write(v, 0, from);
        out.write(v, to, v.length - to);
        return out.toByteArray();
    }

    private byte[] duplicateRange(byte[] v) {
        if (v.length == 0) {
            return v;
        }
        int from = random.nextInt(v.length);
        int to = Math.min(v.length, from + 1 + random.nextInt(16));
        return insert(v, Arrays.copyOfRange(v, from, to));
    }

    private byte[] replaceByte(byte[] v) {
        if (v.length == 0) {
            return v;
        }
        byte[] out = v.clone();
        out[random.nextInt(out.length)] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
        return out;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        if (n > 2 && random.nextInt(4) == 0) { // now and then an Avro single-object header
            b[0] = (byte) 0xC3;
            b[1] = 0x01;
        }
        return b;
    }

    /** Avro's zig-zag varint encoding of a long (how string lengths are written). */
    private static byte[] varint(long n) {
        long v = (n << 1) ^ (n >> 63);
        ByteArrayOutputStream out = new ByteArrayOutputStream(10);
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        return s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).findFirst().orElse(s);
    }
}

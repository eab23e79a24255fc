package org.activityloader.decode;

import static org.activityloader.testing.AvroEvents.singleObject;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.testing.EventFuzzer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decoder never throws, whatever the bytes: every input is either an Avro record that is valid
 * for its schema or a reject with a reason. Fixed seeds, so a failure is reproducible; the report
 * names each distinct failure once with a sample input (base64).
 */
class EventDecoderFuzzTest {
    private static final List<String> TYPES = List.of("page_view", "search", "click", "signup");
    private static final ActivitySchemas SCHEMAS = ActivitySchemas.load(Path.of("../schemas"), TYPES);
    private static final long KAFKA_TS = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();
    private static final int PER_TYPE = 15_000;
    private static final long SEED = Long.getLong("fuzz.seed", 20260501L);

    /** Outcome of feeding many inputs to one decoder. */
    private static final class Tally {
        long fed;
        long decoded;
        long rejected;
        final Map<String, Long> categories = new TreeMap<>();
        final Map<String, Long> kinds = new TreeMap<>();
        /** Distinct failure (exception type + message start, or invalid record) → count and first sample. */
        final Map<String, String> failures = new LinkedHashMap<>();
        final Map<String, Long> failureCounts = new LinkedHashMap<>();

        void fail(String what, EventFuzzer.Input input) {
            failureCounts.merge(what, 1L, Long::sum);
            failures.putIfAbsent(what, input.describe());
        }

        String report() {
            StringBuilder sb = new StringBuilder();
            failures.forEach((what, sample) -> sb.append("\n  ").append(failureCounts.get(what)).append(" x ").append(what)
                    .append("\n      first input: ").append(sample));
            return sb.toString();
        }
    }

    private static Tally feed(String type, long seed, int count) {
        Schema schema = SCHEMAS.get(type).schema();
        Schema other = SCHEMAS.get(TYPES.get((TYPES.indexOf(type) + 1) % TYPES.size())).schema();
        EventFuzzer fuzzer = new EventFuzzer(seed, schema, other, Instant.ofEpochMilli(KAFKA_TS));
        EventDecoder decoder = new EventDecoder(schema, "event_time");
        Tally t = new Tally();
        for (int i = 0; i < count; i++) {
            EventFuzzer.Input input = fuzzer.next();
            t.fed++;
            t.kinds.merge(input.kind().replaceAll(" \\[.*", ""), 1L, Long::sum);
            DecodeResult result;
            try {
                result = decoder.decode(input.value(), KAFKA_TS);
            } catch (Throwable e) { // an Error too: an OutOfMemoryError here would kill a real run
                String message = String.valueOf(e.getMessage());
                t.fail(e.getClass().getName() + ": " + message.substring(0, Math.min(60, message.length()))
                        + " at " + (e.getStackTrace().length > 0 ? e.getStackTrace()[0] : "?"), input);
                continue;
            }
            if (result instanceof DecodeResult.Decoded d) {
                t.decoded++;
                GenericRecord r = d.record();
                if (r.getSchema() != schema && !r.getSchema().equals(schema)) {
                    t.fail("decoded with another schema " + r.getSchema().getFullName(), input);
                } else if (!GenericData.get().validate(schema, r)) {
                    t.fail("decoded record is not valid for its schema", input);
                } else if (invalidUtf8Field(r) != null) {
                    // Parquet writes the bytes as they are; DuckDB then refuses to read the whole file.
                    t.fail("decoded record holds a string that is not UTF-8 (e.g. Avro bytes taken as they are)", input);
                } else if (!Long.valueOf(d.eventTimeMillis()).equals(r.get("event_time"))) {
                    t.fail("event time " + d.eventTimeMillis() + " differs from the record's " + r.get("event_time"), input);
                } else if (d.unknownFields() < 0) {
                    t.fail("negative unknown field count", input);
                }
            } else if (result instanceof DecodeResult.Rejected rej) {
                t.rejected++;
                t.categories.merge(rej.category(), 1L, Long::sum);
                if (rej.category().isBlank() || rej.detail() == null || rej.detail().isBlank()
                        || !rej.reason().startsWith(rej.category() + ": ")) {
                    t.fail("reject without a category or detail: " + rej, input);
                }
            } else {
                t.fail("result is neither Decoded nor Rejected: " + result, input);
            }
        }
        return t;
    }

    /** The first string field whose bytes are not UTF-8 (Avro's Utf8 holds whatever bytes the event had), or null. */
    private static String invalidUtf8Field(GenericRecord r) {
        for (Schema.Field f : r.getSchema().getFields()) {
            if (r.get(f.pos()) instanceof org.apache.avro.util.Utf8 u) {
                try {
                    StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(u.getBytes(), 0, u.getByteLength()));
                } catch (java.nio.charset.CharacterCodingException e) {
                    return f.name();
                }
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"page_view", "search", "click", "signup"})
    void everyInputIsDecodedOrRejectedNeverThrown(String type) {
        Tally t = feed(type, SEED + type.hashCode(), PER_TYPE);

        assertThat(t.failureCounts).as("inputs the decoder mishandled (first input of each shown):" + t.report()).isEmpty();
        assertThat(t.decoded + t.rejected).as("decoded + rejected").isEqualTo(t.fed).isEqualTo(PER_TYPE);
        // The fuzzer must really reach both outcomes and every kind of reject, or this test proves little.
        assertThat(t.decoded).as("decoded (kinds fed: %s)", t.kinds).isGreaterThan(PER_TYPE / 10);
        assertThat(t.rejected).as("rejected").isGreaterThan(PER_TYPE / 3);
        assertThat(t.categories).as("reject categories").containsKeys("malformed_json", "schema_violation",
                "invalid_utf8", "empty_value", "tombstone", "unknown_schema", "malformed_avro");
    }

    @Test
    void decodingIsDeterministicForTheSameInput() {
        Schema schema = SCHEMAS.get("search").schema();
        EventFuzzer a = new EventFuzzer(7, schema, SCHEMAS.get("click").schema(), Instant.ofEpochMilli(KAFKA_TS));
        EventDecoder first = new EventDecoder(schema, "event_time");
        EventDecoder second = new EventDecoder(schema, "event_time");
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            EventFuzzer.Input input = a.next();
            String x = outcome(first, input.value());
            String y = outcome(second, input.value());
            String z = outcome(first, input.value()); // the same decoder again: no state leaks between events
            if (!x.equals(y) || !x.equals(z)) {
                mismatches.add(x + " / " + y + " / " + z + " for " + input.describe());
            }
        }
        assertThat(mismatches).isEmpty();
    }

    private static String outcome(EventDecoder decoder, byte[] value) {
        try {
            DecodeResult r = decoder.decode(value, KAFKA_TS);
            return r instanceof DecodeResult.Decoded d ? "decoded " + d.record() + " unknown=" + d.unknownFields()
                    : ((DecodeResult.Rejected) r).reason();
        } catch (Throwable e) {
            return "threw " + e.getClass().getName();
        }
    }

    /**
     * ISO-8601 times parse into an {@link java.time.OffsetDateTime} far beyond what epoch millis can
     * hold (year 292,278,994); converting one must be a reject, not an ArithmeticException that
     * escapes the decoder and fails the whole run on every retry.
     */
    @ParameterizedTest
    @ValueSource(strings = {"+292278995-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999Z", "-999999999-01-01T00:00:00+18:00"})
    void isoTimeBeyondEpochMillisIsASchemaViolation(String time) {
        String event = "{\"event_id\":\"e\",\"event_time\":\"" + time + "\",\"session_id\":\"s\",\"site\":\"x\",\"url\":\"/\","
                + "\"query\":\"q\",\"result_count\":1}";
        DecodeResult r = decodeSafely("search", event.getBytes(StandardCharsets.UTF_8));
        assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(((DecodeResult.Rejected) r).category()).isEqualTo("schema_violation");
    }

    /**
     * An Avro single-object event is a few dozen bytes, but a string's length prefix in it may claim
     * up to 2 GB; Avro allocates the claimed length before reading. A reject must not cost more
     * memory than the event's own size (here: a 1.5 GB claim fails with OutOfMemoryError on a 1 GB
     * heap, a 400 MB claim allocates 400 MB, for a 40-byte message).
     */
    @ParameterizedTest
    @ValueSource(longs = {400_000_000L, 1_500_000_000L})
    void avroStringLengthBeyondTheMessageIsRejectedWithoutAllocatingIt(long claimedLength) {
        Schema schema = SCHEMAS.get("signup").schema();
        GenericRecord event = new GenericData.Record(schema);
        event.put("event_id", "s1");
        event.put("event_time", KAFKA_TS);
        event.put("session_id", "s");
        event.put("site", "x");
        event.put("url", "/");
        event.put("plan", "free");
        event.put("method", "email");
        byte[] good = singleObject(schema, event);
        // The body starts after C3 01 + 8 fingerprint bytes with event_id's length (1 byte for "s1").
        java.io.ByteArrayOutputStream evil = new java.io.ByteArrayOutputStream();
        evil.write(good, 0, 10);
        long v = claimedLength << 1;
        while ((v & ~0x7FL) != 0) {
            evil.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        evil.write((int) v);
        evil.write(good, 11, good.length - 11);
        byte[] value = evil.toByteArray();

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("this JVM measures allocations").isTrue();
        long before = threads.getCurrentThreadAllocatedBytes();
        DecodeResult r = decodeSafely("signup", value);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(r).isInstanceOf(DecodeResult.Rejected.class);
        assertThat(((DecodeResult.Rejected) r).category()).isEqualTo("malformed_avro");
        assertThat(allocated).as("bytes allocated to reject a %d-byte event", value.length).isLessThan(16L << 20);
    }

    /** Turns a throw into a failed assertion naming it, so the report shows what escaped. */
    private static DecodeResult decodeSafely(String type, byte[] value) {
        try {
            return new EventDecoder(SCHEMAS.get(type).schema(), "event_time").decode(value, KAFKA_TS);
        } catch (Throwable e) {
            throw new AssertionError("decode threw instead of rejecting: " + e, e);
        }
    }

}

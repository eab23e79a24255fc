package org.activityloader.decode;

import static org.activityloader.testing.AvroEvents.singleObject;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EventDecoderTest {
    private static final ActivitySchemas SCHEMAS =
            ActivitySchemas.load(Path.of("../schemas"), List.of("page_view", "search", "click", "signup"));
    private static final long KAFKA_TS = 1_700_000_000_000L;
    private static final String SEARCH = """
            "event_id":"e1","event_time":1700000123456,"session_id":"s1","site":"shop.example","url":"/search",\
            "query":"red shoes","result_count":42""";

    private static EventDecoder decoder(String type) {
        return new EventDecoder(SCHEMAS.get(type).schema(), "event_time");
    }

    private static DecodeResult decode(String type, String json) {
        return decoder(type).decode(json.getBytes(StandardCharsets.UTF_8), KAFKA_TS);
    }

    private static DecodeResult.Decoded decoded(DecodeResult result) {
        assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
        return (DecodeResult.Decoded) result;
    }

    private static DecodeResult.Rejected rejected(DecodeResult result, String category) {
        assertThat(result).isInstanceOf(DecodeResult.Rejected.class);
        DecodeResult.Rejected r = (DecodeResult.Rejected) result;
        assertThat(r.category()).as(r.reason()).isEqualTo(category);
        return r;
    }

    @Test
    void pageViewWithEpochMillis() {
        DecodeResult.Decoded d = decoded(decode("page_view", """
                {"event_id":"e1","event_time":1700000123456,"user_id":"u7","session_id":"s1",
                 "site":"shop.example","url":"/home","load_time_ms":250}"""));
        GenericRecord r = d.record();
        assertThat(d.eventTimeMillis()).isEqualTo(1_700_000_123_456L);
        assertThat(d.unknownFields()).isZero();
        assertThat(r.get("event_id")).hasToString("e1");
        assertThat(r.get("event_time")).isEqualTo(1_700_000_123_456L);
        assertThat(r.get("user_id")).hasToString("u7");
        assertThat(r.get("url")).hasToString("/home");
        assertThat(r.get("load_time_ms")).isEqualTo(250);
        assertThat(r.get("referrer")).isNull();
        assertThat(r.get("page_title")).isNull();
        assertThat(GenericData.get().validate(r.getSchema(), r)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "2024-03-10T12:34:56.789+02:00, 2024-03-10T10:34:56.789Z",
            "2024-03-10T12:34:56-05:30, 2024-03-10T18:04:56Z",
            "2024-03-10T10:34:56.789Z, 2024-03-10T10:34:56.789Z",
    })
    void eventTimeAsIso8601(String text, String utc) {
        DecodeResult.Decoded d = decoded(decode("click", """
                {"event_id":"c1","event_time":"%s","session_id":"s","site":"x","url":"/","target":"buy","position":3}"""
                .formatted(text)));
        long millis = Instant.parse(utc).toEpochMilli();
        assertThat(d.eventTimeMillis()).isEqualTo(millis);
        assertThat(d.record().get("event_time")).isEqualTo(millis);
        assertThat(d.record().get("target")).hasToString("buy");
        assertThat(d.record().get("position")).isEqualTo(3);
    }

    @Test
    void missingEventTimeTakesTheKafkaTimestamp() {
        DecodeResult.Decoded d = decoded(decode("signup", """
                {"event_id":"s1","session_id":"s","site":"x","url":"/join","plan":"pro","method":"email"}"""));
        assertThat(d.eventTimeMillis()).isEqualTo(KAFKA_TS);
        assertThat(d.record().get("event_time")).isEqualTo(KAFKA_TS);
        assertThat(d.record().get("plan")).hasToString("pro");
        assertThat(d.record().get("method")).hasToString("email");
    }

    @Test
    void explicitNullEventTimeTakesTheKafkaTimestamp() {
        DecodeResult.Decoded d = decoded(decode("signup", """
                {"event_id":"s2","event_time":null,"session_id":"s","site":"x","url":"/join","plan":"free","method":"github"}"""));
        assertThat(d.eventTimeMillis()).isEqualTo(KAFKA_TS);
        assertThat(d.record().get("method")).hasToString("github");
    }

    @Test
    void defaultsAreApplied() {
        DecodeResult.Decoded d = decoded(decode("search", "{" + SEARCH + "}"));
        assertThat(d.record().get("results_page")).isEqualTo(1);
        assertThat(d.record().get("result_count")).isEqualTo(42);
        assertThat(d.record().get("query")).hasToString("red shoes");
        assertThat(d.record().get("country")).isNull();
    }

    @Test
    void unknownFieldsAreCountedAndSkipped() {
        DecodeResult.Decoded d = decoded(decode("search", """
                {"experiment":"b","nested":{"a":[1,{"results_page":9}],"query":"no"},"query":"first",
                 "tags":[{"x":1},[2,3],"z"],""" + SEARCH.replace("\"query\":\"red shoes\",", "") + "}"));
        assertThat(d.unknownFields()).isEqualTo(3);
        assertThat(d.record().get("query")).hasToString("first");
        assertThat(d.record().get("results_page")).isEqualTo(1);
        assertThat(d.record().get("result_count")).isEqualTo(42);
    }

    @Test
    void unknownFieldCountStartsAgainForEachEvent() {
        EventDecoder decoder = decoder("search");
        decoder.decode(("{\"extra\":1," + SEARCH + "}").getBytes(StandardCharsets.UTF_8), KAFKA_TS);
        DecodeResult.Decoded d = decoded(decoder.decode(("{" + SEARCH + "}").getBytes(StandardCharsets.UTF_8), KAFKA_TS));
        assertThat(d.unknownFields()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            missing required field | "query":"red shoes",     |                          | missing required field 'query'
            string for int         | "result_count":42        | "result_count":"42"      | field 'result_count' expected an int, found a string
            decimal for int        | "result_count":42        | "result_count":4.2       | field 'result_count' expected an int, found a decimal number
            int out of range       | "result_count":42        | "result_count":3000000000 | field 'result_count' value 3000000000 is out of range for int
            boolean for timestamp  | "event_time":1700000123456 | "event_time":true      | field 'event_time' expected epoch millis or an ISO-8601 time, found a boolean
            timestamp without zone | "event_time":1700000123456 | "event_time":"2024-03-10T10:00:00" | field 'event_time' value '2024-03-10T10:00:00' is not an ISO-8601 time
            null not allowed       | "session_id":"s1"        | "session_id":null        | field 'session_id' is null but the schema does not allow null
            object for string      | "site":"shop.example"    | "site":{"host":"x"}      | field 'site' expected a string, found an object
            number for string      | "site":"shop.example"    | "site":7                 | field 'site' expected a string, found an integer
            """)
    void schemaViolationsNameTheField(String what, String from, String to, String detail) {
        String event = "{" + SEARCH.replace(from, to == null ? "" : to) + "}";
        assertThat(event).as(what).isNotEqualTo("{" + SEARCH + "}");
        DecodeResult.Rejected r = rejected(decode("search", event), "schema_violation");
        assertThat(r.detail()).contains(detail);
        assertThat(r.reason()).isEqualTo("schema_violation: " + r.detail());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            truncated        | '{"event_id":"e1","event_time":17'             | Unexpected end-of-input
            truncated string | '{"event_id":"e1'                              | Unexpected end-of-input
            trailing garbage | 'EVENT xyz'                                    | xyz
            two objects      | 'EVENT {}'                                     | trailing content after the event object
            object then ]    | 'EVENT]'                                       | Unexpected close marker
            top-level array  | '[{"event_id":"e1"}]'                          | an event must be a JSON object, found an array
            top-level string | '"hello"'                                      | an event must be a JSON object, found a string
            only whitespace  | '   '                                          | an event must be a JSON object, found nothing
            not json         | 'event_id=e1'                                  | Unrecognized token
            """)
    void malformedJson(String what, String json, String detail) {
        String event = json.replace("EVENT", "{" + SEARCH + "}"); // a valid event, so only the framing is wrong
        DecodeResult.Rejected r = rejected(decode("search", event), "malformed_json");
        assertThat(r.detail()).as(what).contains(detail);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"plain", "", "with \\\"quotes\\\" inside", "back\\\\slash", "tab\\there", "\\u00e9t\\u00e9",
        "caf\u00e9", "\u65e5\u672c", "emoji \ud83d\ude00", "line\\nbreak", "ends with escape\\\\", "\\/slash"})
    void stringValuesKeepTheirExactText(String jsonText) throws Exception {
        DecodeResult.Decoded d = decoded(decode("search", "{" + SEARCH.replace("red shoes", jsonText) + "}"));
        String expected = new com.fasterxml.jackson.databind.ObjectMapper().readValue("\"" + jsonText + "\"", String.class);
        assertThat(d.record().get("query")).hasToString(expected);
        assertThat(d.record().get("site")).hasToString("shop.example"); // the field after it is not disturbed
    }

    @Test
    void fieldsInAnyOrderFindTheirColumns() {
        DecodeResult.Decoded d = decoded(decode("search", """
                {"result_count":42,"query":"q","url":"/search","site":"shop.example","session_id":"s1",
                 "event_time":1700000123456,"event_id":"e1","unknown":1,"results_page":3}"""));
        assertThat(d.record().get("query")).hasToString("q");
        assertThat(d.record().get("event_id")).hasToString("e1");
        assertThat(d.record().get("results_page")).isEqualTo(3);
        assertThat(d.record().get("result_count")).isEqualTo(42);
        assertThat(d.unknownFields()).isEqualTo(1);
    }

    @Test
    void nullValueIsATombstone() {
        rejected(decoder("search").decode(null, KAFKA_TS), "tombstone");
    }

    @Test
    void emptyValue() {
        rejected(decoder("search").decode(new byte[0], KAFKA_TS), "empty_value");
    }

    @Test
    void invalidUtf8AtTheStart() {
        byte[] bytes = {(byte) 0xff, (byte) 0xfe, '{', '"', 'a', '"', ':', '1', '}'};
        rejected(decoder("search").decode(bytes, KAFKA_TS), "invalid_utf8");
    }

    @Test
    void utf16IsNotAccepted() {
        byte[] utf16 = ("{" + SEARCH + "}").getBytes(StandardCharsets.UTF_16LE);
        DecodeResult.Rejected r = rejected(decoder("search").decode(utf16, KAFKA_TS), "malformed_json");
        assertThat(r.detail()).contains("must be UTF-8");
    }

    /** Puts the bytes FF FE where the event text says BAD. */
    private static byte[] withInvalidBytes(String json) {
        String[] parts = json.split("BAD", -1);
        ByteBuffer out = ByteBuffer.allocate(json.length() + 16);
        out.put(parts[0].getBytes(StandardCharsets.UTF_8)).put((byte) 0xff).put((byte) 0xfe)
                .put(parts[1].getBytes(StandardCharsets.UTF_8));
        return java.util.Arrays.copyOf(out.array(), out.position());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            in a known string     | {"site":"shBADop",SEARCH}
            in a field name       | {"siBADte":"shop",SEARCH}
            in an unknown field   | {"note":"xBADy",SEARCH}
            """)
    void invalidUtf8InsideTheEvent(String where, String json) {
        String event = json.replace("SEARCH", SEARCH.replace("\"site\":\"shop.example\",", ""));
        DecodeResult.Rejected r = rejected(decoder("search").decode(withInvalidBytes(event), KAFKA_TS), "invalid_utf8");
        assertThat(r.detail()).as(where).containsIgnoringCase("UTF-8");
    }

    @Test
    void avroSingleObjectEncodingOfTheSameSchema() {
        Schema schema = SCHEMAS.get("search").schema();
        GenericRecord event = new GenericData.Record(schema);
        event.put("event_id", "e9");
        event.put("event_time", 1_700_000_999_000L);
        event.put("session_id", "s9");
        event.put("site", "shop.example");
        event.put("url", "/search");
        event.put("user_id", "u9");
        event.put("query", "boots");
        event.put("result_count", 7);
        event.put("results_page", 2);

        DecodeResult.Decoded d = decoded(decoder("search").decode(singleObject(schema, event), KAFKA_TS));
        assertThat(d.eventTimeMillis()).isEqualTo(1_700_000_999_000L);
        assertThat(d.unknownFields()).isZero();
        assertThat(d.record().get("event_id")).hasToString("e9");
        assertThat(d.record().get("user_id")).hasToString("u9");
        assertThat(d.record().get("query")).hasToString("boots");
        assertThat(d.record().get("result_count")).isEqualTo(7);
        assertThat(d.record().get("results_page")).isEqualTo(2);
        assertThat(d.record().get("referrer")).isNull();
    }

    @Test
    void avroSingleObjectOfAnUnknownSchema() {
        Schema click = SCHEMAS.get("click").schema();
        GenericRecord event = new GenericData.Record(click);
        event.put("event_id", "c1");
        event.put("event_time", 1L);
        event.put("session_id", "s");
        event.put("site", "x");
        event.put("url", "/");
        event.put("target", "buy");
        DecodeResult.Rejected r = rejected(decoder("search").decode(singleObject(click, event), KAFKA_TS), "unknown_schema");
        assertThat(r.detail()).contains("fingerprint");
    }

    @Test
    void truncatedAvroSingleObject() {
        Schema schema = SCHEMAS.get("signup").schema();
        GenericRecord event = new GenericData.Record(schema);
        event.put("event_id", "s1");
        event.put("event_time", 5L);
        event.put("session_id", "s");
        event.put("site", "x");
        event.put("url", "/");
        event.put("plan", "free");
        event.put("method", "email");
        byte[] full = singleObject(schema, event);
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 4);
        rejected(decoder("signup").decode(cut, KAFKA_TS), "malformed_avro");
    }

    @Test
    void eventTimeFieldMustBeATimestamp() {
        Schema schema = SCHEMAS.get("search").schema();
        assertThatThrownBy(() -> new EventDecoder(schema, "session_id"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'session_id'");
        assertThatThrownBy(() -> new EventDecoder(schema, "ts"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no timestamp field 'ts'");
    }

}

package org.activityloader.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoTimestampsTest {
    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T17:03:12.345Z", "2026-11-24T17:03:12Z", "2026-11-24T17:03:12.3Z",
        "2026-11-24T17:03:12.123456789Z", "2026-11-24T17:03:12.999999Z", "2024-02-29T23:59:59.999+01:00",
        "2000-03-01T00:00:00-05:30", "1969-12-31T23:59:59.999Z", "1900-01-01T00:00:00Z", "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z", "2026-01-01T00:00:00+18:00", "2026-01-01T00:00:00-18:00", "1600-02-29T12:00:00Z"})
    void agreesWithJavaTime(String text) {
        assertThat(IsoTimestamps.epochMillis(text)).isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z", "2026-11-24T24:00:00Z", "2026-11-24T17:60:00Z", "2026-11-24T17:03:60Z",
        "2026-11-24T17:03:12", "2026-11-24 17:03:12Z", "2026-11-24T17:03:12.Z", "2026-11-24T17:03:12.1234567890Z",
        "2026-11-24T17:03:12+19:00", "2026-11-24T17:03:12+0100", "+12026-11-24T17:03:12Z", "2026-11-24T17:03:12z",
        "2026-11-24T17:03:12.345Zjunk", "2026-1a-24T17:03:12Z", "2026-11-24T17:03:12+18:30", ""})
    void leavesEverythingElseToJavaTime(String text) {
        assertThat(IsoTimestamps.epochMillis(text)).isEqualTo(IsoTimestamps.NOT_HANDLED);
    }

    @Test
    void randomInstantsAndOffsetsAgreeWithJavaTime() {
        Random random = new Random(7);
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
        for (int i = 0; i < 100_000; i++) {
            long seconds = random.nextLong(-62_135_596_800L, 253_402_300_799L); // years 0001 to 9999
            Instant instant = Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
            String text = random.nextBoolean() ? instant.toString() : instant.atOffset(offset).format(iso);
            long expected = OffsetDateTime.parse(text).toInstant().toEpochMilli();
            long parsed = IsoTimestamps.epochMillis(text);
            assertThat(parsed).as(text).isIn(expected, IsoTimestamps.NOT_HANDLED);
            if (Character.isDigit(text.charAt(0))) { // four-digit years: the shape events carry
                assertThat(parsed).as(text).isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T17:03:12.345Z", "2026-11-24T17:03:12+01:00:30", "+12026-11-24T17:03:12Z",
        "2026-11-24T17:03+01:00"})
    void parseAcceptsWhatJavaTimeAcceptsTheCommonShapeOrNot(String text) {
        assertThat(IsoTimestamps.parse(text, "ts")).isEqualTo(OffsetDateTime.parse(text).toInstant().toEpochMilli());
    }

    @Test
    void parseNamesTheFieldOfATextThatIsNoTimeOrBeyondEpochMillis() {
        assertThatThrownBy(() -> IsoTimestamps.parse("2026-11-24T17:03:12", "ctx.ts")).isInstanceOf(SchemaViolation.class)
                .hasMessage("field 'ctx.ts' value '2026-11-24T17:03:12' is not an ISO-8601 time with offset");
        assertThatThrownBy(() -> IsoTimestamps.parse("+999999999-12-31T00:00:00Z", "ts")).isInstanceOf(SchemaViolation.class)
                .hasMessage("field 'ts' value '+999999999-12-31T00:00:00Z' is beyond the range of epoch milliseconds");
    }
}

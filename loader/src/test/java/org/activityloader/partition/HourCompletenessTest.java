package org.activityloader.partition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HourCompletenessTest {
    private static final HourCompleteness UTC = new HourCompleteness(ZoneOffset.UTC, Duration.ofHours(1));
    private static final PartitionKey TEN = new PartitionKey("click", LocalDate.of(2026, 11, 20), 10);

    private static Optional<Instant> at(String time) {
        return Optional.of(Instant.parse("2026-11-20T" + time + "Z"));
    }

    @Test
    void anHourClosesWhenEveryPartitionPassedItsEndPlusTheLateness() {
        assertThat(UTC.closesAt(TEN)).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
        assertThat(UTC.isComplete(TEN, List.of(at("12:00:00"), at("13:30:00")))).isTrue();
        assertThat(UTC.isComplete(TEN, List.of(at("11:59:59"), at("13:30:00")))).as("the slower partition holds it").isFalse();
        assertThat(UTC.isComplete(TEN, List.of(Optional.empty(), at("13:30:00")))).as("a partition with no watermark").isFalse();
        assertThat(UTC.isComplete(TEN, List.of())).as("no known partition").isFalse();
    }

    @Test
    void noLatenessClosesAtTheHoursEnd() {
        HourCompleteness strict = new HourCompleteness(ZoneOffset.UTC, Duration.ZERO);
        assertThat(strict.isComplete(TEN, List.of(at("11:00:00")))).isTrue();
        assertThat(strict.isComplete(TEN, List.of(at("10:59:59")))).isFalse();
    }

    @Test
    void theHourAClockChangeRepeatsEndsAfterItsSecondPass() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        HourCompleteness local = new HourCompleteness(berlin, Duration.ZERO);
        // 2026-10-25: 03:00 CEST becomes 02:00 CET; the folder hour=02 holds both 02:xx hours.
        PartitionKey repeated = new PartitionKey("click", LocalDate.of(2026, 10, 25), 2);
        assertThat(local.end(repeated)).isEqualTo(Instant.parse("2026-10-25T02:00:00Z"));
        PartitionKey before = new PartitionKey("click", LocalDate.of(2026, 10, 25), 1);
        assertThat(local.end(before)).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
    }

    @Test
    void aWatermarkIsTheNewestEventOrTheRunsStartWhenCaughtUpAndNeverGoesBack() {
        Instant start = Instant.parse("2026-11-20T15:00:00Z");
        assertThat(HourCompleteness.reached(at("14:10:00"), false, start)).isEqualTo(at("14:10:00"));
        assertThat(HourCompleteness.reached(at("14:10:00"), true, start)).as("caught up").isEqualTo(at("15:00:00"));
        assertThat(HourCompleteness.reached(Optional.empty(), true, start)).as("idle").isEqualTo(at("15:00:00"));
        assertThat(HourCompleteness.reached(at("18:00:00"), false, start)).as("a clock ahead is capped").isEqualTo(at("15:00:00"));
        assertThat(HourCompleteness.reached(Optional.empty(), false, start)).as("nothing read, not caught up").isEmpty();
        assertThat(HourCompleteness.later(at("14:30:00"), at("13:00:00"))).as("never back").isEqualTo(at("14:30:00"));
        assertThat(HourCompleteness.later(at("14:30:00"), at("14:40:00"))).isEqualTo(at("14:40:00"));
        assertThat(HourCompleteness.later(Optional.empty(), at("13:00:00"))).isEqualTo(at("13:00:00"));
        assertThat(HourCompleteness.later(at("13:00:00"), Optional.empty())).isEqualTo(at("13:00:00"));
    }
}

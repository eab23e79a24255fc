package org.activityloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MissedSlotTest {
    private static final String DAILY_AT_SIX = "0 0 6 * * ?";
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Test
    void aSlotAfterTheLastRunThatHasPassedWasMissed() throws Exception {
        assertThat(MissedSlot.since(DAILY_AT_SIX, UTC, Instant.parse("2026-03-01T06:00:05Z"), Instant.parse("2026-03-02T09:00:00Z")))
                .contains(Instant.parse("2026-03-02T06:00:00Z"));
    }

    @Test
    void theNextSlotStillToComeWasNotMissed() throws Exception {
        assertThat(MissedSlot.since(DAILY_AT_SIX, UTC, Instant.parse("2026-03-02T06:00:05Z"), Instant.parse("2026-03-02T09:00:00Z")))
                .isEmpty();
    }

    @Test
    void slotsAreInTheSchedulesZone() throws Exception {
        // 06:00 in Berlin is 05:00 UTC in winter: passed at 05:30 UTC.
        assertThat(MissedSlot.since(DAILY_AT_SIX, ZoneId.of("Europe/Berlin"), Instant.parse("2026-01-10T05:00:05Z"),
                Instant.parse("2026-01-11T05:30:00Z"))).contains(Instant.parse("2026-01-11T05:00:00Z"));
    }

    @Test
    void aScheduleWithoutFurtherSlotsMissesNone() throws Exception {
        assertThat(MissedSlot.since("0 0 6 1 1 ? 2020", UTC, Instant.parse("2021-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
    }

    @Test
    void aBadExpressionSaysSo() {
        assertThatThrownBy(() -> MissedSlot.since("every day", UTC, Instant.EPOCH, Instant.EPOCH)).isInstanceOf(ParseException.class);
    }
}

package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The progress bar's text: done of planned, rate, ETA. */
class DrainProgressTest {
    @Test
    void halfWayAtAThousandASecond() {
        assertThat(DrainProgress.bar("activity", 5_000, 10_000, Duration.ofSeconds(5)))
                .isEqualTo("activity [==============>               ]  50%  5,000 of 10,000 records  1,000/s  ETA 0:05");
    }

    @Test
    void doneIsAFullBarWithNothingLeft() {
        assertThat(DrainProgress.bar("j", 300, 300, Duration.ofMillis(1500)))
                .isEqualTo("j [==============================] 100%  300 of 300 records  200/s  ETA 0:00");
    }

    @Test
    void nothingPlannedAndLongEtas() {
        assertThat(DrainProgress.bar("j", 0, 0, Duration.ZERO)).contains("100%").contains("0 of 0 records");
        assertThat(DrainProgress.bar("j", 1, 100_000, Duration.ofSeconds(1))).endsWith("ETA 27:46:39");
        assertThat(DrainProgress.bar("j", 0, 10, Duration.ofSeconds(3))).contains("  0%").endsWith("ETA ?");
    }
}

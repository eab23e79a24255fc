package org.activityloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.activityloader.run.RunOutcome;
import org.junit.jupiter.api.Test;

class FiringLogTest {
    private static Firing firing(String job, int second) {
        Instant at = Instant.EPOCH.plusSeconds(second);
        return new Firing(job, "node-1", at, at.plusMillis(10), RunOutcome.OK, true);
    }

    @Test
    void aJobsFiringsOldestFirst() {
        FiringLog log = new FiringLog(10);
        log.add(firing("hourly", 1));
        log.add(firing("daily", 2));
        log.add(firing("hourly", 3));
        assertThat(log.of("hourly")).containsExactly(firing("hourly", 1), firing("hourly", 3));
        assertThat(log.of("weekly")).isEmpty();
    }

    @Test
    void theOldestGoBeyondWhatIsKept() {
        FiringLog log = new FiringLog(2);
        log.add(firing("hourly", 1));
        log.add(firing("hourly", 2));
        log.add(firing("hourly", 3));
        assertThat(log.of("hourly")).containsExactly(firing("hourly", 2), firing("hourly", 3));
    }
}

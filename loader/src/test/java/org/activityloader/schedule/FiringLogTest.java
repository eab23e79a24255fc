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

    private static FiringLog log(int kept, Firing... firings) {
        FiringLog log = new FiringLog(kept);
        for (Firing f : firings) {
            log.add(f);
        }
        return log;
    }

    @Test
    void aJobsFiringsOldestFirst() {
        FiringLog log = log(10, firing("hourly", 1), firing("daily", 2), firing("hourly", 3));
        assertThat(log.of("hourly")).containsExactly(firing("hourly", 1), firing("hourly", 3));
        assertThat(log.of("weekly")).isEmpty();
    }

    @Test
    void theOldestGoBeyondWhatIsKept() {
        FiringLog log = log(2, firing("hourly", 1), firing("hourly", 2), firing("hourly", 3));
        assertThat(log.of("hourly")).containsExactly(firing("hourly", 2), firing("hourly", 3));
    }
}

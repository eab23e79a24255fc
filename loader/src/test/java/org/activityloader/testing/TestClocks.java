package org.activityloader.testing;

import java.time.Clock;
import java.time.Duration;

/** Clocks for tests that must not wait real time out. */
public final class TestClocks {
    private TestClocks() {
    }

    /**
     * The system clock moved past a lease taken now: a run using it finds the lease of a dead run
     * expired at once, as it would after {@code lease} of real time.
     */
    public static Clock pastLease(Duration lease) {
        return Clock.offset(Clock.systemUTC(), lease.plusSeconds(1));
    }
}

package org.activityloader.config;

import java.time.Duration;

/** Caps one run so that a backlog is drained over several bounded runs. */
public record RunLimits(long maxRecords, long maxBytes, Duration maxDuration) {
    public static final RunLimits NONE = new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofDays(365));

    public RunLimits withMaxRecords(long records) {
        return new RunLimits(records, maxBytes, maxDuration);
    }
}

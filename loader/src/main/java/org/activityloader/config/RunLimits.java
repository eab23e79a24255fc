package org.activityloader.config;

import java.time.Duration;

/**
 * Caps one run so that a backlog is drained over several bounded runs, and the bounds on bad input.
 *
 * @param maxEventBytes  larger events are rejected to dead letters as too large
 * @param maxRejectRatio the run fails before committing if more of its records than this are rejected
 */
public record RunLimits(long maxRecords, long maxBytes, Duration maxDuration, long maxEventBytes, double maxRejectRatio) {
    public static final RunLimits NONE = new RunLimits(Long.MAX_VALUE, Long.MAX_VALUE, Duration.ofDays(365), 1L << 20, 1.0);

    public RunLimits withMaxRecords(long records) {
        return new RunLimits(records, maxBytes, maxDuration, maxEventBytes, maxRejectRatio);
    }

    public RunLimits withMaxEventBytes(long bytes) {
        return new RunLimits(maxRecords, maxBytes, maxDuration, bytes, maxRejectRatio);
    }

    public RunLimits withMaxRejectRatio(double ratio) {
        return new RunLimits(maxRecords, maxBytes, maxDuration, maxEventBytes, ratio);
    }
}

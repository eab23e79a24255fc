package org.activityloader.source;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * When to stop draining before the plan's end: bytes read, time spent, or a stop request (signal).
 * Checked between polls, so a run may read up to one poll's worth past the byte limit.
 *
 * @param quietTimeout how long partitions may return nothing before the drain fails (a dead broker)
 */
public record DrainLimits(long maxBytes, Duration maxDuration, Duration quietTimeout, BooleanSupplier stopRequested) {
}

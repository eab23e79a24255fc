package org.activityloader.config;

import java.time.Duration;

/**
 * When a job's hours are final, and what happens to their files then.
 *
 * @param allowedLateness an hour is complete once every source partition has delivered events this
 *                        long past its end (or is caught up that long after it)
 * @param compaction      whether a run compacts the hours it completed
 */
public record HourSpec(Duration allowedLateness, CompactionMode compaction) {
    public static final HourSpec DEFAULT = new HourSpec(Duration.ofHours(1), CompactionMode.OFF);

    public HourSpec {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative: " + allowedLateness);
        }
    }
}

package org.activityloader.partition;

import java.time.LocalDate;

/** The partition a record belongs to: its activity type and the date and hour of its event time. */
public record PartitionKey(String activityType, LocalDate date, int hour) {
    public PartitionKey {
        if (hour < 0 || hour > 23) {
            throw new IllegalArgumentException("hour out of range: " + hour);
        }
    }

    /** Hive-style relative directory: {@code activity_type=<t>/date=<yyyy-MM-dd>/hour=<HH>}. */
    public String directory() {
        return "activity_type=" + activityType + "/date=" + date + "/hour=" + (hour < 10 ? "0" : "") + hour;
    }

    /** For people: {@code page_view 2026-11-20 05:00}. */
    public String label() {
        return activityType + " " + date + " " + String.format("%02d:00", hour);
    }

    /** As {@code loader backfill --hours} takes it, in the job's zone: {@code 2026-11-20T05}. */
    public String hourOption() {
        return date + "T" + String.format("%02d", hour);
    }

    @Override
    public String toString() {
        return directory();
    }
}

package org.activityloader.catalog;

import java.util.Locale;

/**
 * Whether an hour of an activity type is final (hour_state.state): open (more events may come),
 * complete (every source partition passed its end plus the allowed lateness) or amended (changed after
 * it was complete: late events, a backfill).
 */
public enum HourState {
    OPEN, COMPLETE, AMENDED;

    /** As the catalog stores it: {@code open}, {@code complete}, {@code amended}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static HourState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Complete or amended: readers may take it as final (until an amendment says otherwise). */
    public boolean closed() {
        return this != OPEN;
    }

    @Override
    public String toString() {
        return value();
    }
}

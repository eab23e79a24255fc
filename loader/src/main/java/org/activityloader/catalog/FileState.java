package org.activityloader.catalog;

import java.util.Locale;

/** Whether a file of the manifest is live, or replaced by a later run (a backfill, a compaction): data_file.state. */
public enum FileState {
    LIVE, REPLACED;

    /** As the catalog stores it: {@code live}, {@code replaced}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static FileState of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return value();
    }
}

package org.activityloader.commit;

import java.util.Locale;

/**
 * What a run does, as load_run.kind keeps it: a load adds files and advances offsets; a backfill
 * replaces the files of chosen hours and advances nothing; a compaction replaces small files by
 * large ones and advances nothing.
 */
public enum RunKind {
    LOAD, BACKFILL, COMPACTION;

    /** As the catalog stores it: {@code load}, {@code backfill}, {@code compaction}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /**
     * The lease a run of this kind holds: a load holds the job's; a backfill (or a compaction) one
     * of its own, so that it runs beside the job's loads.
     */
    public String leaseOf(String job) {
        return this == LOAD ? job : job + "#" + value();
    }

    @Override
    public String toString() {
        return value();
    }
}

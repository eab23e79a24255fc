package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.partition.PartitionKey;

/** {@code loader hours} as a table: one row per hour with its state, files and records now, and its history. Pure. */
public final class HourTable {
    public static final List<String> COLUMNS = List.of("activity_type", "date", "hour", "state", "files", "records", "completed_at",
            "completed_version", "amendments", "late_records", "changed_version");

    private HourTable() {
    }

    public static Table of(List<HourRow> hours, Map<PartitionKey, HourFiles> files) {
        return new Table(COLUMNS, hours.stream().map(h -> row(h, files.get(h.key()))).toList());
    }

    private static List<Object> row(HourRow h, HourFiles f) {
        List<Object> row = new ArrayList<>();
        row.add(h.activityType());
        row.add(h.eventDate().toString());
        row.add(String.format(Locale.ROOT, "%02d", h.eventHour()));
        row.add(h.state().value());
        row.add(f == null ? 0 : f.files());
        row.add(f == null ? 0 : f.records());
        row.add(h.completedAt() == null ? "" : h.completedAt().toString());
        row.add(h.completedVersion() == null ? "" : h.completedVersion());
        row.add(h.amendments());
        row.add(h.lateRecords());
        row.add(h.changedVersion());
        return row;
    }
}

package org.activityloader.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileSourceRow;

/**
 * Checks, hour by hour, that no two live files hold the same offsets of a partition. A run writes
 * a partition's records in offset order, so the files of one hour hold disjoint spans of each
 * partition; two overlapping spans mean the hour holds records twice (a backfill that left an old
 * file live, or a file restored by hand). Pure.
 */
public final class HourAudit {
    private HourAudit() {
    }

    private record Span(String path, long first, long last) {
    }

    public static List<Finding> check(List<DataFileRow> live, List<FileSourceRow> sources) {
        Map<String, String> hourOf = new HashMap<>();
        for (DataFileRow f : live) {
            hourOf.put(f.path(), f.activityType() + " " + f.eventDate() + " " + String.format("%02d", f.eventHour()) + ":00");
        }
        Map<String, List<Span>> spans = new TreeMap<>();
        for (FileSourceRow s : sources) {
            String hour = hourOf.get(s.path());
            if (hour != null) {
                spans.computeIfAbsent(hour + " " + s.topic() + "-" + s.kafkaPartition(), k -> new ArrayList<>())
                        .add(new Span(s.path(), s.firstOffset(), s.lastOffset()));
            }
        }
        List<Finding> out = new ArrayList<>();
        spans.forEach((where, list) -> {
            list.sort(Comparator.comparingLong(Span::first));
            Span reach = list.get(0);
            for (Span s : list.subList(1, list.size())) {
                if (s.first() <= reach.last()) {
                    out.add(new Finding("hour_overlap", where + ": " + reach.path() + " and " + s.path() + " both hold offsets ["
                            + s.first() + ", " + Math.min(reach.last(), s.last()) + "]"));
                }
                if (s.last() > reach.last()) {
                    reach = s;
                }
            }
        });
        return out;
    }
}

package org.activityloader.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.write.OffsetRuns;

/**
 * Checks that no offset is held twice by what readers see. Where the lineage keeps exactly which
 * offsets each file holds (its runs), across all live files of each partition and offset epoch, and
 * against the unresolved dead letters: an offset in two live files, or in a live file and a dead
 * letter, is an event held twice (a backfill that left an old file live, an event moved into an
 * hour without its old hour rebuilt, a file restored by hand). For older lineage, first and last
 * offset only: hour by hour, as a run writes a partition's records in offset order, so the files of
 * one hour hold disjoint spans. Pure.
 */
public final class HourAudit {
    private HourAudit() {
    }

    private record Span(String path, long first, long last) {
    }

    public static List<Finding> check(List<DataFileRow> live, List<FileSourceRow> sources, List<DeadLetterRow> unresolved) {
        Map<String, String> hourOf = new HashMap<>();
        for (DataFileRow f : live) {
            hourOf.put(f.path(), f.activityType() + " " + f.eventDate() + " " + String.format("%02d", f.eventHour()) + ":00");
        }
        Map<String, List<Span>> spans = new TreeMap<>();
        Map<String, List<Span>> runs = new TreeMap<>(); // per partition and epoch: every run of every live file, [first, last]
        for (FileSourceRow s : sources) {
            String hour = hourOf.get(s.path());
            if (hour == null) {
                continue;
            }
            if (s.offsetRuns() != null) {
                OffsetRuns r = OffsetRuns.decode(s.offsetRuns());
                List<Span> list = runs.computeIfAbsent(s.topicPartition() + " epoch " + s.epoch(), k -> new ArrayList<>());
                for (int i = 0; i < r.runs(); i++) {
                    list.add(new Span(s.path(), r.from(i), r.to(i) - 1));
                }
            } else {
                spans.computeIfAbsent(hour + " " + s.topic() + "-" + s.kafkaPartition(), k -> new ArrayList<>())
                        .add(new Span(s.path(), s.firstOffset(), s.lastOffset()));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (DeadLetterRow d : unresolved) {
            List<Span> list = runs.get(d.topic() + "-" + d.kafkaPartition() + " epoch " + d.epoch());
            if (list != null) {
                list.add(new Span("dead letter " + d.filePath(), d.kafkaOffset(), d.kafkaOffset()));
            }
        }
        runs.forEach((where, list) -> overlaps(list, (a, b) -> out.add(new Finding("offset_held_twice", where + ": offset " + b.first()
                + " is in " + a.path() + " and in " + b.path()))));
        spans.forEach((where, list) -> overlaps(list, (a, b) -> out.add(new Finding("hour_overlap", where + ": " + a.path() + " and "
                + b.path() + " both hold offsets [" + b.first() + ", " + Math.min(a.last(), b.last()) + "]"))));
        return out;
    }

    /** Each span that starts within one before it (sorted by first offset), with the one it overlaps. */
    private static void overlaps(List<Span> list, java.util.function.BiConsumer<Span, Span> found) {
        list.sort(Comparator.comparingLong(Span::first));
        Span reach = list.get(0);
        for (Span s : list.subList(1, list.size())) {
            if (s.first() <= reach.last()) {
                found.accept(reach, s);
            }
            if (s.last() > reach.last()) {
                reach = s;
            }
        }
    }
}

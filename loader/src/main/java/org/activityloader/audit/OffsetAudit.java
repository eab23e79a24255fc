package org.activityloader.audit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.StoredOffset;

/**
 * Checks that, for every topic-partition, the committed runs' ranges and the recorded gaps tile
 * the log from the first loaded offset up to the stored next offset: no hole (an offset in no run),
 * no overlap (an offset in two runs). Pure.
 */
public final class OffsetAudit {
    private OffsetAudit() {
    }

    private record Segment(long from, long to, String what) {
    }

    public static List<Finding> check(List<CommittedRange> ranges, List<OffsetGapRow> gaps, List<StoredOffset> stored) {
        Map<String, List<Segment>> byPartition = new TreeMap<>();
        for (CommittedRange r : ranges) {
            byPartition.computeIfAbsent(r.topic() + "-" + r.kafkaPartition(), k -> new ArrayList<>())
                    .add(new Segment(r.fromOffset(), r.toOffset(), "run " + r.runId()));
        }
        for (OffsetGapRow g : gaps) {
            byPartition.computeIfAbsent(g.topic() + "-" + g.kafkaPartition(), k -> new ArrayList<>())
                    .add(new Segment(g.fromOffset(), g.toOffset(), "gap recorded by run " + g.runId()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, List<Segment>> e : byPartition.entrySet()) {
            List<Segment> segments = e.getValue();
            segments.removeIf(s -> s.to() <= s.from()); // an empty range covers nothing
            segments.sort(Comparator.comparingLong(Segment::from).thenComparingLong(Segment::to));
            // compare each segment with the one reaching furthest so far, not merely the previous one:
            // after [0,100) and [20,30), offset 40 is covered
            Segment prev = segments.isEmpty() ? null : segments.get(0);
            for (int i = 1; i < segments.size(); i++) {
                Segment next = segments.get(i);
                if (next.from() > prev.to()) {
                    findings.add(new Finding("hole", e.getKey() + " offsets [" + prev.to() + ", " + next.from()
                            + ") are in no committed run and no recorded gap (between " + prev.what() + " and " + next.what() + ")"));
                } else if (next.from() < prev.to()) {
                    findings.add(new Finding("overlap", e.getKey() + " offsets [" + next.from() + ", "
                            + Math.min(prev.to(), next.to()) + ") were loaded twice (" + prev.what() + " and " + next.what() + ")"));
                }
                if (next.to() > prev.to()) {
                    prev = next;
                }
            }
        }
        for (StoredOffset s : stored) {
            List<Segment> segments = byPartition.get(s.topic() + "-" + s.kafkaPartition());
            if (segments == null || segments.isEmpty()) {
                continue; // nothing loaded yet (the partition was empty when first seen)
            }
            long end = segments.stream().mapToLong(Segment::to).max().orElseThrow();
            if (end != s.nextOffset()) {
                findings.add(new Finding("offset_mismatch", s.topic() + "-" + s.kafkaPartition() + " next offset is "
                        + s.nextOffset() + " but committed runs end at " + end));
            }
        }
        for (String partition : byPartition.keySet()) {
            if (stored.stream().noneMatch(s -> partition.equals(s.topic() + "-" + s.kafkaPartition()))) {
                findings.add(new Finding("offset_mismatch", partition + " has committed ranges but no stored next offset"));
            }
        }
        return findings;
    }
}

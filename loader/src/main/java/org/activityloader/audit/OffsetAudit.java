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
 * no overlap (an offset in two runs). Each offset epoch (a new one starts when a recreated topic's
 * offsets are reset) is audited on its own; the stored offset closes only the current one. Across
 * epochs, offsets read from one topic id in two epochs (a reset of a topic that was not recreated)
 * were loaded twice. Pure.
 */
public final class OffsetAudit {
    private OffsetAudit() {
    }

    private record Segment(long from, long to, String what) {
    }

    private record Log(String topic, int partition, int epoch) implements Comparable<Log> {
        @Override
        public String toString() {
            return topic + "-" + partition + (epoch == 0 ? "" : " (epoch " + epoch + ")");
        }

        @Override
        public int compareTo(Log o) {
            return Comparator.comparing(Log::topic).thenComparingInt(Log::partition).thenComparingInt(Log::epoch).compare(this, o);
        }
    }

    public static List<Finding> check(List<CommittedRange> ranges, List<OffsetGapRow> gaps, List<StoredOffset> stored) {
        Map<Log, List<Segment>> byPartition = new TreeMap<>();
        for (CommittedRange r : ranges) {
            byPartition.computeIfAbsent(new Log(r.topic(), r.kafkaPartition(), r.epoch()), k -> new ArrayList<>())
                    .add(new Segment(r.fromOffset(), r.toOffset(), "run " + r.runId()));
        }
        for (OffsetGapRow g : gaps) {
            byPartition.computeIfAbsent(new Log(g.topic(), g.kafkaPartition(), g.epoch()), k -> new ArrayList<>())
                    .add(new Segment(g.fromOffset(), g.toOffset(), "gap recorded by run " + g.runId()));
        }
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<Log, List<Segment>> e : byPartition.entrySet()) {
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
            List<Segment> segments = byPartition.get(new Log(s.topic(), s.kafkaPartition(), s.epoch()));
            if (segments == null || segments.isEmpty()) {
                continue; // nothing loaded in this epoch yet (the partition was empty when first seen, or just reset)
            }
            long end = segments.stream().mapToLong(Segment::to).max().orElseThrow();
            if (end != s.nextOffset()) {
                findings.add(new Finding("offset_mismatch", new Log(s.topic(), s.kafkaPartition(), s.epoch())
                        + " next offset is " + s.nextOffset() + " but committed runs end at " + end));
            }
        }
        findings.addAll(loadedTwiceAcrossEpochs(ranges));
        for (Log log : byPartition.keySet()) {
            boolean closed = stored.stream().anyMatch(s -> s.topic().equals(log.topic())
                    && s.kafkaPartition() == log.partition() && s.epoch() >= log.epoch());
            if (!closed) {
                findings.add(new Finding("offset_mismatch", log + " has committed ranges but no stored next offset"));
            }
        }
        return findings;
    }

    /** Ranges of one partition of one topic id (a topic never recreated) in different epochs that overlap. */
    private static List<Finding> loadedTwiceAcrossEpochs(List<CommittedRange> ranges) {
        Map<String, List<CommittedRange>> byTopicId = new TreeMap<>();
        for (CommittedRange r : ranges) {
            if (r.topicId() != null && r.toOffset() > r.fromOffset()) {
                byTopicId.computeIfAbsent(r.topic() + "-" + r.kafkaPartition() + " " + r.topicId(), k -> new ArrayList<>()).add(r);
            }
        }
        List<Finding> findings = new ArrayList<>();
        for (List<CommittedRange> same : byTopicId.values()) {
            same.sort(Comparator.comparingLong(CommittedRange::fromOffset).thenComparingInt(CommittedRange::epoch));
            CommittedRange furthest = same.get(0);
            for (CommittedRange next : same.subList(1, same.size())) {
                if (next.fromOffset() < furthest.toOffset() && next.epoch() != furthest.epoch()) {
                    findings.add(new Finding("loaded_twice", next.topic() + "-" + next.kafkaPartition() + " offsets ["
                            + next.fromOffset() + ", " + Math.min(furthest.toOffset(), next.toOffset()) + ") of topic id "
                            + next.topicId() + " were loaded in epoch " + furthest.epoch() + " (run " + furthest.runId()
                            + ") and again in epoch " + next.epoch() + " (run " + next.runId() + "): the offsets were reset"
                            + " although the topic was not recreated, so readers see those events twice"));
                }
                if (next.toOffset() > furthest.toOffset()) {
                    furthest = next;
                }
            }
        }
        return findings;
    }
}

package org.activityloader.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans a run: for each topic-partition, {@code [next offset to load, end offset now)}. Pure.
 *
 * <p>A stored offset below the log start means retention deleted data before it was loaded: the
 * lost range becomes an {@link OffsetGap} and the plan starts at the log start. A stored offset
 * beyond the log end means the topic was deleted and recreated (or truncated): the plan refuses
 * rather than silently re-reading or skipping. A record limit is shared fairly: partitions with
 * less pending data give their unused share to the others, so no partition starves.
 */
public final class DrainPlanner {
    private DrainPlanner() {
    }

    public static DrainPlan plan(List<PartitionOffsets> partitions, long maxRecords) {
        List<OffsetGap> gaps = new ArrayList<>();
        Map<String, Long> expected = new HashMap<>();
        List<PartitionRange> pending = new ArrayList<>();
        for (PartitionOffsets p : partitions) {
            long from = p.stored().orElse(p.logStart());
            if (from > p.logEnd()) {
                throw new SourceException("topic " + p.topic() + " partition " + p.partition() + " ends at offset "
                        + p.logEnd() + " but the catalog has loaded up to " + from
                        + ": the topic was deleted and recreated or truncated. Loading stops here so that nothing is"
                        + " skipped or loaded twice; see README 'Recovering from a recreated topic'");
            }
            if (from < p.logStart()) {
                gaps.add(new OffsetGap(p.topic(), p.partition(), from, p.logStart()));
                from = p.logStart();
            }
            expected.put(p.topic() + "-" + p.partition(), p.stored().orElse(-1L));
            pending.add(new PartitionRange(p.topic(), p.partition(), from, p.logEnd()));
        }
        return new DrainPlan(share(pending, maxRecords), gaps, expected);
    }

    /** Water-filling: serve the smallest backlogs first, each up to an equal share of what is left. */
    static List<PartitionRange> share(List<PartitionRange> pending, long maxRecords) {
        List<PartitionRange> bySize = new ArrayList<>(pending);
        bySize.sort(Comparator.comparingLong(PartitionRange::size));
        Map<PartitionRange, PartitionRange> capped = new HashMap<>();
        long budget = maxRecords;
        int left = bySize.size();
        for (PartitionRange r : bySize) {
            long share = budget / left;
            long take = Math.min(r.size(), Math.max(share, 0));
            capped.put(r, r.withTo(r.from() + take));
            budget -= take;
            left--;
        }
        List<PartitionRange> out = new ArrayList<>();
        for (PartitionRange r : pending) {
            out.add(capped.get(r));
        }
        return out;
    }
}

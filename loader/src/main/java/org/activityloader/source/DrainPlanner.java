package org.activityloader.source;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Plans a run: for each topic-partition, {@code [next offset to load, end offset now)}. Pure.
 *
 * <p>A stored offset below the log start means retention deleted data before it was loaded: the
 * lost range becomes an {@link OffsetGap} and the plan starts at the log start. A topic id other
 * than the one loaded, or a stored offset beyond the log end, means the topic was deleted and
 * recreated (or truncated): the plan refuses rather than silently re-reading or skipping. A
 * record limit is shared fairly: partitions with
 * less pending data give their unused share to the others, so no partition starves.
 */
public final class DrainPlanner {
    private DrainPlanner() {
    }

    public static DrainPlan plan(List<PartitionOffsets> partitions, long maxRecords) {
        List<OffsetGap> gaps = new ArrayList<>();
        Map<TopicPartition, OptionalLong> expected = new HashMap<>();
        Map<String, String> topicIds = new HashMap<>();
        Map<TopicPartition, Long> logEnds = new HashMap<>();
        List<PartitionRange> pending = new ArrayList<>();
        for (PartitionOffsets p : partitions) {
            PartitionLog log = p.log();
            long from = p.stored().map(StoredPosition::nextOffset).orElse(log.logStart());
            String storedId = p.stored().map(StoredPosition::topicId).orElse(null);
            Optional<String> recreated = recreated(storedId, from, log);
            if (recreated.isPresent()) {
                throw new TopicRecreatedException(log.topic(), log.partition(), recreated.get(), "<job>");
            }
            if (from < log.logStart()) {
                gaps.add(new OffsetGap(log.topicPartition(), from, log.logStart()));
                from = log.logStart();
            }
            expected.put(log.topicPartition(), p.stored().map(s -> OptionalLong.of(s.nextOffset())).orElse(OptionalLong.empty()));
            topicIds.put(log.topic(), log.topicId());
            logEnds.put(log.topicPartition(), log.logEnd());
            pending.add(new PartitionRange(log.topicPartition(), from, log.logEnd()));
        }
        return new DrainPlan(share(pending, maxRecords), gaps, expected, topicIds, logEnds);
    }

    /**
     * Why the partition's log is not the one its offsets were loaded from (another topic id, or it ends
     * before the next offset to load), if it is not.
     */
    public static Optional<String> recreated(String storedTopicId, long nextOffset, PartitionLog log) {
        if (storedTopicId != null && !storedTopicId.equals(log.topicId())) {
            return Optional.of("its topic id is now " + log.topicId() + ", the catalog loaded topic id " + storedTopicId);
        }
        if (nextOffset > log.logEnd()) {
            return Optional.of("it ends at offset " + log.logEnd() + " but the catalog has loaded up to " + nextOffset);
        }
        return Optional.empty();
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

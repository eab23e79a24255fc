package org.activityloader.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether a backfill may commit what it staged, from its plan and what reading again found. A
 * backfill changes what is in the hours, never which events are: every record of the replaced
 * files must decode now and fall in a chosen hour, and no record of another hour's file may fall
 * in one (it would be in no file, or in two). Where the lineage does not say exactly which offsets
 * the replaced files hold, each partition's records in the new files (dead letters resolved aside)
 * must be as many as the replaced files held. Pure.
 */
sealed interface BackfillVerdict {
    /** Nothing changed hour, nothing that was loaded is a reject now: the backfill may commit. */
    record Accepted() implements BackfillVerdict {
    }

    /** Committing would lose, double or reject events that were loaded: nothing is committed, for this reason. */
    record Refused(String reason) implements BackfillVerdict {
    }

    static BackfillVerdict of(BackfillPlan plan, BackfillTally tally) {
        return newRejects(tally).or(() -> movedOut(tally)).or(() -> movedIn(tally)).or(() -> otherCounts(plan, tally))
                .<BackfillVerdict>map(Refused::new).orElseGet(Accepted::new);
    }

    private static Optional<String> newRejects(BackfillTally tally) {
        if (tally.newRejects().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tally.newRejects().size() + " record(s) that were loaded before fail to decode now (first: "
                + tally.newRejects().get(0) + "); a backfill never turns a loaded event into a reject. Nothing is committed;"
                + " fix the schema or the code and backfill again");
    }

    private static Optional<String> movedOut(BackfillTally tally) {
        if (tally.movedOut().isEmpty()) {
            return Optional.empty();
        }
        long n = tally.movedOut().values().stream().mapToLong(List::size).sum();
        String hours = tally.movedOut().entrySet().stream().limit(10)
                .map(e -> e.getKey().label() + " (" + e.getValue().size() + ", first " + e.getValue().get(0) + ")")
                .collect(Collectors.joining(", "));
        return Optional.of("events changed hour: " + n + " event(s) of the hours rebuilt now fall in hours not chosen: " + hours
                + (tally.movedOut().size() > 10 ? ", ..." : "") + ". Committed, they would be in no file; nothing is committed."
                + " Backfill those hours together with these");
    }

    private static Optional<String> movedIn(BackfillTally tally) {
        if (tally.movedIn().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("events changed hour: " + tally.movedIn().size() + " event(s) loaded into other hours now fall in the"
                + " hours rebuilt (first: " + tally.movedIn().get(0) + "). Committed, they would be in two files; nothing is"
                + " committed. Backfill the hours they come from together with these");
    }

    /** Partitions whose replaced offsets are not known exactly: the new files must hold as many of their loaded records. */
    private static Optional<String> otherCounts(BackfillPlan plan, BackfillTally tally) {
        Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::toString));
        partitions.addAll(plan.expected().keySet());
        partitions.addAll(tally.keptLoaded().keySet());
        partitions.removeAll(plan.replacedOffsets().keySet()); // checked record by record
        List<String> differ = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long before = plan.expected().getOrDefault(tp, 0L);
            long now = tally.keptLoaded().getOrDefault(tp, 0L);
            if (before != now) {
                differ.add(tp + ": " + before + " in the replaced files, " + now + " now");
            }
        }
        if (differ.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("events changed hour: the chosen hours would hold other records than before ("
                + String.join("; ", differ) + "). An event moved out of the hours would be lost, one moved in from another"
                + " hour doubled; nothing is committed. Backfill the hours the events move between together");
    }
}

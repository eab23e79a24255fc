package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.activityloader.partition.PartitionKey;
import org.activityloader.write.OffsetRuns;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** A backfill's verdict from its plan and what reading again found: it changes what is in the hours, never which events are. */
class BackfillVerdictTest {
    private static final TopicPartition EXACT = new TopicPartition("clicks", 0);
    private static final TopicPartition COUNTED = new TopicPartition("clicks", 1);
    private static final PartitionKey H5 = hour(5);

    /** Partition 0's replaced offsets are known exactly; partition 1's only by count (10 records). */
    private static final BackfillPlan PLAN = new BackfillPlan("job", 1, Set.of(H5), Set.of(), List.of(), List.of(),
            Map.of(EXACT, OffsetRuns.NONE), Map.of(EXACT, 40L, COUNTED, 10L), Map.of(), List.of(), List.of(), List.of(), Map.of());

    @Test
    void theSameEventsInTheHoursMayCommit() {
        assertThat(BackfillVerdict.of(PLAN, tally(List.of(), Map.of(), List.of(), Map.of(EXACT, 39L, COUNTED, 10L))))
                .as("partition 0 is checked record by record, not by count").isEqualTo(new BackfillVerdict.Accepted());
    }

    @Test
    void aLoadedEventThatFailsToDecodeNowIsRefusedFirst() {
        BackfillVerdict v = BackfillVerdict.of(PLAN, tally(List.of("clicks-0@5: bad", "clicks-0@6: bad"),
                Map.of(hour(7), List.of("clicks-0@9")), List.of(), Map.of(COUNTED, 10L)));
        assertThat(reason(v)).startsWith("2 record(s) that were loaded before fail to decode now (first: clicks-0@5: bad)")
                .contains("never turns a loaded event into a reject");
    }

    @Test
    void eventsMovedToHoursNotChosenAreNamedByHourTheFirstTen() {
        Map<PartitionKey, List<String>> out = Map.of(hour(7), List.of("clicks-0@9", "clicks-0@10"), hour(6), List.of("clicks-0@3"));
        assertThat(reason(BackfillVerdict.of(PLAN, tally(List.of(), out, List.of(), Map.of(COUNTED, 10L)))))
                .startsWith("events changed hour: 3 event(s) of the hours rebuilt now fall in hours not chosen: "
                        + hour(6).label() + " (1, first clicks-0@3), " + hour(7).label() + " (2, first clicks-0@9). ")
                .contains("they would be in no file");
        Map<PartitionKey, List<String>> many = new HashMap<>();
        IntStream.range(6, 18).forEach(h -> many.put(hour(h), List.of("clicks-0@" + h)));
        assertThat(reason(BackfillVerdict.of(PLAN, tally(List.of(), many, List.of(), Map.of(COUNTED, 10L)))))
                .contains(hour(15).label()).doesNotContain(hour(16).label()).contains(", ...");
    }

    @Test
    void eventsOfOtherHoursFilesNowInAChosenHourAreRefused() {
        assertThat(reason(BackfillVerdict.of(PLAN, tally(List.of(), Map.of(), List.of("clicks-0@77"), Map.of(COUNTED, 10L)))))
                .startsWith("events changed hour: 1 event(s) loaded into other hours now fall in the hours rebuilt (first: clicks-0@77)")
                .contains("they would be in two files");
    }

    @Test
    void wherePartitionsAreOnlyCountedOtherCountsAreRefused() {
        assertThat(reason(BackfillVerdict.of(PLAN, tally(List.of(), Map.of(), List.of(), Map.of(EXACT, 40L, COUNTED, 8L)))))
                .startsWith("events changed hour: the chosen hours would hold other records than before"
                        + " (clicks-1: 10 in the replaced files, 8 now)");
        TopicPartition other = new TopicPartition("clicks", 2);
        assertThat(reason(BackfillVerdict.of(PLAN, tally(List.of(), Map.of(), List.of(), Map.of(COUNTED, 10L, other, 1L)))))
                .as("a partition the replaced files did not hold").contains("clicks-2: 0 in the replaced files, 1 now");
    }

    private static String reason(BackfillVerdict verdict) {
        assertThat(verdict).isInstanceOf(BackfillVerdict.Refused.class);
        return ((BackfillVerdict.Refused) verdict).reason();
    }

    private static BackfillTally tally(List<String> newRejects, Map<PartitionKey, List<String>> movedOut, List<String> movedIn,
                                       Map<TopicPartition, Long> keptLoaded) {
        long kept = keptLoaded.values().stream().mapToLong(Long::longValue).sum();
        return new BackfillTally(kept, kept, 0, Map.of(H5, kept), keptLoaded, List.of(), newRejects, movedOut, movedIn);
    }

    private static PartitionKey hour(int h) {
        return new PartitionKey("click", LocalDate.parse("2026-11-20"), h);
    }
}

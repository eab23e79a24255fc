package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.FileState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.config.OutputFormat;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.OffsetRuns;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BackfillPlannerTest {
    private static final TopicPartition P0 = new TopicPartition("clicks", 0);
    private static final PartitionKey H5 = new PartitionKey("click", LocalDate.parse("2026-11-20"), 5);

    @Test
    void rangesOfOnePartitionFarApartStaySeparateAndNearOnesAreJoined() {
        List<DataFileRow> files = List.of(file("a", "load-1"), file("b", "load-2"));
        List<FileSourceRow> sources = List.of(source("a", 100, 199, 0), source("a", 250, 299, 0), source("b", 50_000, 50_099, 0));
        BackfillPlan plan = plan(files, sources, List.of(), offsets(100_000, 0), logs(0));
        assertThat(plan.ranges()).containsExactly(new PartitionRange(P0, 100, 300), new PartitionRange(P0, 50_000, 50_100));
        assertThat(plan.notRebuilt()).isEmpty();
        assertThat(plan.epochs()).isEqualTo(Map.of(P0, 0));
    }

    @Test
    void deadLettersOfTheFilesRunsAreReadAndNothingPastTheCommittedOffset() {
        List<DataFileRow> files = List.of(file("a", "load-1"));
        List<DeadLetterRow> rejects = List.of(new DeadLetterRow("load-1", "clicks", 0, 0, 7_000, "bad", "dl"),
                new DeadLetterRow("load-1", "clicks", 0, 0, 9_990, "bad", "dl"));
        BackfillPlan plan = plan(files, List.of(source("a", 100, 199, 0)), rejects, offsets(9_995, 0), logs(0));
        assertThat(plan.ranges()).containsExactly(new PartitionRange(P0, 100, 200), new PartitionRange(P0, 7_000, 7_001),
                new PartitionRange(P0, 9_990, 9_991));

        BackfillPlan capped = plan(files, List.of(source("a", 100, 199, 0)), List.of(), offsets(150, 0), logs(0));
        assertThat(capped.ranges()).as("later offsets belong to regular runs").containsExactly(new PartitionRange(P0, 100, 150));
    }

    @Test
    void offsetsKafkaNoLongerHoldsAreNamed() {
        BackfillPlan plan = plan(List.of(file("a", "load-1")), List.of(source("a", 100, 199, 0)), List.of(), offsets(1_000, 0),
                logs(150));
        assertThat(plan.ranges()).containsExactly(new PartitionRange(P0, 150, 200));
        assertThat(plan.partialHours()).containsExactly(H5);
        assertThat(plan.notRebuilt()).singleElement().asString().contains("click 2026-11-20 05:00").contains("[100, 200)")
                .contains("retention").contains("starts at 150");
    }

    @Test
    void anHourWhoseLineageCannotBeReadAgainIsPartialAndAllowPartialLeavesItAsItIs() {
        PartitionKey h6 = new PartitionKey("click", H5.date(), 6);
        PartitionKey h7 = new PartitionKey("click", H5.date(), 7);
        List<DataFileRow> files = List.of(file("a", "load-1"), file("b", "backfill-1", h6), file("c", "load-2", h7));
        List<FileSourceRow> sources = List.of(
                source("a", 100, 199, 0),     // epoch 0: the offsets were reset since
                source("b", 300, 399, null),  // an older backfill's: epoch unknown, and reset since
                source("c", 500, 599, 1));    // this epoch
        Set<PartitionKey> hours = Set.of(H5, h6, h7);
        BackfillPlan whole = BackfillPlanner.plan(new BackfillInputs("job", 9, hours, false, files, sources, List.of(),
                offsets(1_000, 1), Map.of(), logs(0)));
        assertThat(whole.partialHours()).containsExactlyInAnyOrder(H5, h6);
        assertThat(whole.hours()).as("refused by the run unless --allow-partial").isEqualTo(hours);
        assertThat(whole.notRebuilt()).hasSize(2);
        assertThat(whole.notRebuilt().get(0)).contains("click 2026-11-20 05:00").contains("[100, 200)").contains("epoch 0");
        assertThat(whole.notRebuilt().get(1)).contains("[300, 400)").contains("unknown offset epoch");

        BackfillPlan partial = BackfillPlanner.plan(new BackfillInputs("job", 9, hours, true, files, sources, List.of(),
                offsets(1_000, 1), Map.of(), logs(0)));
        assertThat(partial.hours()).containsExactly(h7);
        assertThat(partial.replaced()).extracting(DataFileRow::path).as("the partial hours' files stay live").containsExactly("c");
        assertThat(partial.ranges()).containsExactly(new PartitionRange(P0, 500, 600));
        assertThat(partial.expected()).isEqualTo(Map.of(P0, 100L));
        assertThat(partial.epochs()).isEqualTo(Map.of(P0, 1));

        BackfillPlan neverReset = plan(List.of(file("b", "backfill-1")), List.of(source("b", 300, 399, null)), List.of(),
                offsets(1_000, 0), logs(0));
        assertThat(neverReset.ranges()).as("no reset ever: the only epoch there was").containsExactly(new PartitionRange(P0, 300, 400));
        assertThat(neverReset.partialHours()).isEmpty();
    }

    @Test
    void theReplacedFilesRecordsPerPartitionAreWhatTheNewFilesMustHold() {
        TopicPartition p1 = new TopicPartition("clicks", 1);
        List<FileSourceRow> sources = List.of(source("a", 100, 199, 0), source("b", 200, 249, 0),
                new FileSourceRow("a", "clicks", 1, 0, 80, 70, 0, null));
        BackfillPlan plan = BackfillPlanner.plan(new BackfillInputs("job", 3, Set.of(H5), false,
                List.of(file("a", "load-1"), file("b", "load-2")), sources, List.of(),
                StoredOffsets.of(List.of(new StoredOffset("clicks", 0, 1_000, 0, "id"), new StoredOffset("clicks", 1, 1_000, 0, "id"))),
                Map.of(), Map.of(P0, new PartitionLog(P0, "id", 0, 1_000), p1, new PartitionLog(p1, "id", 0, 1_000))));
        assertThat(plan.expected()).isEqualTo(Map.of(P0, 150L, p1, 70L));
        assertThat(plan.version()).isEqualTo(3);
    }

    @Test
    void whereTheLineageKeepsTheOffsetRunsTheyAreReadAndEachRecordIsKnownExactly() {
        TopicPartition p1 = new TopicPartition("clicks", 1);
        List<FileSourceRow> sources = List.of(
                new FileSourceRow("a", "clicks", 0, 100, 5_199, 150, 0, "100+100,4900+50"), // [100, 200), [5100, 5150)
                new FileSourceRow("b", "clicks", 0, 300, 349, 50, 0, "300+50"),
                new FileSourceRow("a", "clicks", 1, 10, 19, 10, 0, null));                  // older lineage: the span
        BackfillPlan plan = BackfillPlanner.plan(new BackfillInputs("job", 1, Set.of(H5), false,
                List.of(file("a", "load-1"), file("b", "load-2")), sources, List.of(),
                StoredOffsets.of(List.of(new StoredOffset("clicks", 0, 10_000, 0, "id"), new StoredOffset("clicks", 1, 100, 0, "id"))),
                Map.of(), Map.of(P0, new PartitionLog(P0, "id", 0, 10_000), p1, new PartitionLog(p1, "id", 0, 100))));
        assertThat(plan.ranges()).as("the runs, close ones joined").containsExactly(new PartitionRange(P0, 100, 350),
                new PartitionRange(P0, 5_100, 5_150), new PartitionRange(p1, 10, 20));
        assertThat(plan.replacedOffsets()).containsOnlyKeys(P0);
        OffsetRuns exact = plan.replacedOffsets().get(P0);
        assertThat(exact.contains(150)).isTrue();
        assertThat(exact.contains(250)).as("read (joined), but another file's").isFalse();
        assertThat(exact.contains(5_120)).isTrue();
        assertThat(plan.expected()).isEqualTo(Map.of(P0, 200L, p1, 10L));
    }

    @Test
    void aDeadLetterKafkaNoLongerHoldsStaysOneAndMakesNoHourPartial() {
        List<DeadLetterRow> rejects = List.of(new DeadLetterRow("load-1", "clicks", 0, 0, 50, "bad", "dl"),
                new DeadLetterRow("load-1", "clicks", 0, 0, 5_000, "bad", "dl"));
        BackfillPlan plan = plan(List.of(file("a", "load-1")), List.of(source("a", 100, 199, 0)), rejects, offsets(10_000, 0), logs(80));
        assertThat(plan.partialHours()).isEmpty();
        assertThat(plan.ranges()).containsExactly(new PartitionRange(P0, 100, 200), new PartitionRange(P0, 5_000, 5_001));
        assertThat(plan.notRebuilt()).singleElement().asString().contains("clicks-0@50").contains("retention");
    }

    @Test
    void anHourNeverLoadedIsReadFromItsTimeWindowAndHoldsNoReplacedOffset() {
        PartitionKey h6 = new PartitionKey("click", H5.date(), 6);
        BackfillPlan plan = BackfillPlanner.plan(new BackfillInputs("job", 2, Set.of(h6), false, List.of(), List.of(), List.of(),
                offsets(5_000, 0), Map.of(h6, List.of(new PartitionRange(P0, 4_000, 4_500))), logs(0)));
        assertThat(plan.fromTimes()).containsExactly(h6);
        assertThat(plan.replaced()).isEmpty();
        assertThat(plan.ranges()).containsExactly(new PartitionRange(P0, 4_000, 4_500));
        assertThat(plan.replacedOffsets().get(P0)).isEqualTo(OffsetRuns.NONE);
        assertThat(plan.expected()).isEmpty();
    }

    @Test
    void rangesAreJoinedWhenTheyOverlapOrLieWithinTheMergeGap() {
        List<PartitionRange> merged = BackfillPlanner.merge(List.of(new PartitionRange(P0, 5_000, 5_010),
                new PartitionRange(P0, 0, 100), new PartitionRange(P0, 50, 80), new PartitionRange(P0, 100 + BackfillPlanner.MERGE_GAP, 1_200),
                new PartitionRange(P0, 1_200 + BackfillPlanner.MERGE_GAP + 1, 3_000)));
        assertThat(merged).containsExactly(new PartitionRange(P0, 0, 1_200), new PartitionRange(P0, 2_201, 3_000),
                new PartitionRange(P0, 5_000, 5_010));
    }

    private static BackfillPlan plan(List<DataFileRow> files, List<FileSourceRow> sources, List<DeadLetterRow> rejects,
                                     StoredOffsets stored, Map<TopicPartition, PartitionLog> logs) {
        return BackfillPlanner.plan(new BackfillInputs("job", 1, Set.of(H5), false, files, sources, rejects, stored, Map.of(), logs));
    }

    private static DataFileRow file(String path, String run) {
        return file(path, run, H5);
    }

    private static DataFileRow file(String path, String run, PartitionKey hour) {
        Instant t = Instant.parse("2026-11-20T05:10:00Z");
        return new DataFileRow(path, null, run, "job", "click", hour.date(), hour.hour(), OutputFormat.PARQUET, 100, 1_000, t, t, "fp",
                FileState.LIVE, 1, null, null, null, null, null);
    }

    private static FileSourceRow source(String path, long first, long last, Integer epoch) {
        return new FileSourceRow(path, P0.topic(), P0.partition(), first, last, last - first + 1, epoch, null);
    }

    private static StoredOffsets offsets(long next, int epoch) {
        return StoredOffsets.of(List.of(new StoredOffset(P0.topic(), P0.partition(), next, epoch, "id")));
    }

    private static Map<TopicPartition, PartitionLog> logs(long logStart) {
        return Map.of(P0, new PartitionLog(P0, "id", logStart, 1_000_000));
    }
}

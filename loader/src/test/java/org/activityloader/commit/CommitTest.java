package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.RunCounts;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Each kind's commit says what that kind changes, and nothing else. */
class CommitTest {
    private static final TopicPartition CLICKS_0 = new TopicPartition("clicks", 0);
    private static final TopicPartition CLICKS_1 = new TopicPartition("clicks", 1);
    private static final RunCounts COUNTS = new RunCounts(10, 9, 1, 0, 0, 0, 0);

    @Test
    void aLoadAdvancesOffsetsReplacesNothingAndTakesEachPartitionsEpochFromItsRange() {
        List<OffsetAdvance> advances = List.of(new OffsetAdvance(CLICKS_0, OptionalLong.of(5), 15, "id"));
        List<CommittedRange> ranges = List.of(new CommittedRange("r1", "clicks", 0, 2, 5, 15, 10, "id"),
                new CommittedRange("r1", "clicks", 1, 0, 0, 3, 3, "id"));
        List<OffsetGapRow> gaps = List.of(new OffsetGapRow("r1", "clicks", 1, 0, 0, 0));
        List<DeadLetterRow> rejects = List.of(new DeadLetterRow("r1", "clicks", 0, 2, 7, "bad", "dl"));

        Commit c = Commit.load("job", "r1", List.of(), advances, ranges, gaps, rejects, COUNTS);

        assertThat(c.kind()).isEqualTo(RunKind.LOAD);
        assertThat(c.replaced()).isEmpty();
        assertThat(c.resolved()).isEmpty();
        assertThat(c.backfill()).isEmpty();
        assertThat(c.advances()).isEqualTo(advances);
        assertThat(c.ranges()).isEqualTo(ranges);
        assertThat(c.gaps()).isEqualTo(gaps);
        assertThat(c.deadLetters()).isEqualTo(rejects);
        assertThat(c.epochs()).isEqualTo(Map.of(CLICKS_0, 2, CLICKS_1, 0));
    }

    @Test
    void aBackfillReplacesFilesResolvesDeadLettersRecordsItselfAndMovesNoOffset() {
        BackfillRow row = new BackfillRow("bf-1", "job", "click 2026-11-20 05:00", "click", "fix", "ops", Instant.EPOCH, 8, 9, null);
        List<DeadLetterRow> resolved = List.of(new DeadLetterRow("r1", "clicks", 0, 2, 7, "bad", "dl"));

        Commit c = Commit.backfill(row, List.of(), List.of("a.parquet"), resolved, Map.of(CLICKS_0, 2), COUNTS);

        assertThat(c.kind()).isEqualTo(RunKind.BACKFILL);
        assertThat(c.job()).isEqualTo("job");
        assertThat(c.runId()).isEqualTo("bf-1");
        assertThat(c.replaced()).containsExactly("a.parquet");
        assertThat(c.resolved()).isEqualTo(resolved);
        assertThat(c.backfill()).contains(row);
        assertThat(c.advances()).isEmpty();
        assertThat(c.ranges()).isEmpty();
        assertThat(c.gaps()).isEmpty();
        assertThat(c.deadLetters()).isEmpty();
        assertThat(c.epochs()).isEqualTo(Map.of(CLICKS_0, 2));
    }

    @Test
    void aCompactionOnlyReplacesFiles() {
        Commit c = Commit.compaction("job", "c-1", List.of(), List.of("a.parquet", "b.parquet"), Map.of(CLICKS_0, 0), COUNTS);

        assertThat(c.kind()).isEqualTo(RunKind.COMPACTION);
        assertThat(c.replaced()).containsExactly("a.parquet", "b.parquet");
        assertThat(c.advances()).isEmpty();
        assertThat(c.ranges()).isEmpty();
        assertThat(c.deadLetters()).isEmpty();
        assertThat(c.resolved()).isEmpty();
        assertThat(c.backfill()).isEmpty();
    }

    @Test
    void aRunKindIsStoredInLowerCaseAndEachButALoadHoldsALeaseOfItsOwn() {
        for (RunKind kind : RunKind.values()) {
            assertThat(RunKind.of(kind.value())).isEqualTo(kind);
        }
        assertThat(RunKind.BACKFILL.value()).isEqualTo("backfill");
        assertThat(RunKind.LOAD.leaseOf("job")).isEqualTo("job");
        assertThat(RunKind.BACKFILL.leaseOf("job")).isEqualTo("job#backfill");
        assertThat(RunKind.COMPACTION.leaseOf("job")).isEqualTo("job#compaction");
        assertThatThrownBy(() -> RunKind.of("repair")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOffsetNeverLoadedMovesOnceThereIsARecordAndAStoredOneWhenItChanges() {
        assertThat(new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 0, "id").moves()).isFalse();
        assertThat(new OffsetAdvance(CLICKS_0, OptionalLong.empty(), 1, "id").moves()).isTrue();
        assertThat(new OffsetAdvance(CLICKS_0, OptionalLong.of(4), 4, "id").moves()).isFalse();
        assertThat(new OffsetAdvance(CLICKS_0, OptionalLong.of(4), 9, "id").moves()).isTrue();
    }
}

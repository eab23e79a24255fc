package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.apache.kafka.common.TopicPartition;

class DrainPlannerTest {
    private static final long NO_LIMIT = Long.MAX_VALUE;

    private static final String TOPIC_ID = "bJ3z5pW9TqO2cHq0nZ3kXw";

    private static PartitionOffsets loaded(int partition, long stored, long logStart, long logEnd) {
        return new PartitionOffsets(new PartitionLog("clicks", partition, TOPIC_ID, logStart, logEnd),
                Optional.of(new StoredPosition(stored, TOPIC_ID)));
    }

    private static PartitionOffsets fresh(int partition, long logStart, long logEnd) {
        return fresh("clicks", partition, logStart, logEnd);
    }

    private static PartitionOffsets fresh(String topic, int partition, long logStart, long logEnd) {
        return new PartitionOffsets(new PartitionLog(topic, partition, TOPIC_ID, logStart, logEnd), Optional.empty());
    }

    @Test
    void storedOffsetInsideTheLog() {
        DrainPlan plan = DrainPlanner.plan(List.of(loaded(0, 40, 10, 100)), NO_LIMIT);
        assertThat(plan.ranges()).containsExactly(new PartitionRange("clicks", 0, 40, 100));
        assertThat(plan.gaps()).isEmpty();
        assertThat(plan.records()).isEqualTo(60);
        assertThat(plan.expectedOffset(new TopicPartition("clicks", 0))).hasValue(40);
        assertThat(plan.topicId("clicks")).isEqualTo(TOPIC_ID);
    }

    @Test
    void storedOffsetAtTheLogEndPlansNothing() {
        DrainPlan plan = DrainPlanner.plan(List.of(loaded(0, 100, 10, 100)), NO_LIMIT);
        assertThat(plan.ranges()).containsExactly(new PartitionRange("clicks", 0, 100, 100));
        assertThat(plan.records()).isZero();
    }

    @Test
    void neverLoadedPartitionStartsAtTheLogStartWithoutGap() {
        DrainPlan plan = DrainPlanner.plan(List.of(fresh(3, 25, 75)), NO_LIMIT);
        assertThat(plan.ranges()).containsExactly(new PartitionRange("clicks", 3, 25, 75));
        assertThat(plan.gaps()).isEmpty();
        assertThat(plan.expected()).containsEntry(new TopicPartition("clicks", 3), OptionalLong.empty());
        assertThat(plan.expectedOffset(new TopicPartition("clicks", 3))).isEmpty();
    }

    @Test
    void storedBelowLogStartRecordsAGap() {
        DrainPlan plan = DrainPlanner.plan(List.of(loaded(1, 5, 30, 50)), NO_LIMIT);
        assertThat(plan.gaps()).containsExactly(new OffsetGap("clicks", 1, 5, 30));
        assertThat(plan.ranges()).containsExactly(new PartitionRange("clicks", 1, 30, 50));
        assertThat(plan.expectedOffset(new TopicPartition("clicks", 1))).hasValue(5);
    }

    @Test
    void storedBeyondLogEndRefuses() {
        assertThatThrownBy(() -> DrainPlanner.plan(List.of(loaded(0, 10, 0, 10), loaded(2, 500, 0, 20)), NO_LIMIT))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("clicks partition 2")
                .hasMessageContaining("500")
                .hasMessageContaining("recreated");
    }

    @Test
    void recordLimitServesSmallBacklogsFullyAndSplitsTheRest() {
        DrainPlan plan = DrainPlanner.plan(List.of(
                loaded(0, 0, 0, 1000),   // 1000 pending
                loaded(1, 95, 0, 100),   // 5 pending
                fresh(2, 0, 100),        // 100 pending
                loaded(3, 7, 0, 7),      // nothing pending
                loaded(4, 600, 0, 1000)), // 400 pending
                405);
        // 5 and 100 are served in full, the 300 left are split evenly between the two big backlogs
        assertThat(plan.ranges()).containsExactly(
                new PartitionRange("clicks", 0, 0, 150),
                new PartitionRange("clicks", 1, 95, 100),
                new PartitionRange("clicks", 2, 0, 100),
                new PartitionRange("clicks", 3, 7, 7),
                new PartitionRange("clicks", 4, 600, 750));
        assertThat(plan.records()).isEqualTo(405);
        assertThat(plan.expected()).containsOnlyKeys(new TopicPartition("clicks", 0), new TopicPartition("clicks", 1),
                new TopicPartition("clicks", 2), new TopicPartition("clicks", 3), new TopicPartition("clicks", 4));
        assertThat(plan.expectedOffset(new TopicPartition("clicks", 2))).isEmpty();
        assertThat(plan.expectedOffset(new TopicPartition("clicks", 1))).hasValue(95);
    }

    @ParameterizedTest(name = "limit {0}")
    @CsvSource({"0", "1", "2", "10", "299", "300", "301", "100000"})
    void limitIsUsedInFullAndSplitEvenly(long limit) {
        List<PartitionOffsets> partitions = List.of(fresh(0, 0, 100), fresh(1, 0, 100), fresh(2, 0, 100));
        DrainPlan plan = DrainPlanner.plan(partitions, limit);
        assertThat(plan.records()).isEqualTo(Math.min(limit, 300));
        long min = plan.ranges().stream().mapToLong(PartitionRange::size).min().orElseThrow();
        long max = plan.ranges().stream().mapToLong(PartitionRange::size).max().orElseThrow();
        assertThat(max - min).isLessThanOrEqualTo(1);
        assertThat(plan.ranges()).allSatisfy(r -> assertThat(r.from()).isZero());
    }

    @Test
    void oneBigBacklogTakesWhatTheSmallOnesLeave() {
        DrainPlan plan = DrainPlanner.plan(List.of(fresh(0, 0, 1000), fresh(1, 0, 5), fresh(2, 0, 100)), 305);
        assertThat(plan.ranges()).extracting(PartitionRange::size).containsExactly(200L, 5L, 100L);
    }

    @Test
    void sameOffsetsOnTwoTopicsAreKeptApart() {
        DrainPlan plan = DrainPlanner.plan(List.of(
                fresh("clicks", 0, 0, 50), fresh("searches", 0, 0, 50)), 60);
        assertThat(plan.ranges()).containsExactly(
                new PartitionRange("clicks", 0, 0, 30), new PartitionRange("searches", 0, 0, 30));
    }

    @Test
    void gapAndLimitTogether() {
        DrainPlan plan = DrainPlanner.plan(List.of(loaded(0, 0, 40, 100)), 10);
        assertThat(plan.gaps()).containsExactly(new OffsetGap("clicks", 0, 0, 40));
        assertThat(plan.ranges()).containsExactly(new PartitionRange("clicks", 0, 40, 50));
    }

    @Test
    void aNewTopicIdMeansTheTopicWasRecreatedEvenWhenItsOffsetsGrewPastTheStoredOnes() {
        PartitionOffsets recreated = new PartitionOffsets(new PartitionLog("clicks", 0, "AAAAAAAAAAAAAAAAAAAAAA", 0, 5_000),
                Optional.of(new StoredPosition(1_000, TOPIC_ID)));
        assertThatThrownBy(() -> DrainPlanner.plan(List.of(recreated), NO_LIMIT))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("recreated").hasMessageContaining("loader reset-offsets <job> --topic clicks").isInstanceOf(TopicRecreatedException.class);
    }

    @Test
    void offsetsStoredBeforeTopicIdsWereKeptAreTrusted() {
        PartitionOffsets legacy = new PartitionOffsets(new PartitionLog("clicks", 0, TOPIC_ID, 0, 50),
                Optional.of(new StoredPosition(20, null)));
        assertThat(DrainPlanner.plan(List.of(legacy), NO_LIMIT).ranges()).containsExactly(new PartitionRange("clicks", 0, 20, 50));
    }
}

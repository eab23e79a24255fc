package org.activityloader.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class DrainRangesTest {
    private static final TopicPartition P0 = new TopicPartition("clicks", 0);
    private static final TopicPartition P1 = new TopicPartition("clicks", 1);

    /** A consumer that is where the test puts it, and remembers how the drain moved it. */
    private static final class FakeConsumer implements DrainRanges.Positions {
        final Map<TopicPartition, Long> at = new HashMap<>();
        final List<String> moves = new ArrayList<>();

        @Override
        public long position(TopicPartition tp) {
            return at.get(tp);
        }

        @Override
        public void seek(TopicPartition tp, long offset) {
            at.put(tp, offset);
            moves.add("seek " + tp + " " + offset);
        }

        @Override
        public void pause(TopicPartition tp) {
            moves.add("pause " + tp);
        }
    }

    @Test
    void eachPartitionStartsAtItsLowestRangeAndEmptyRangesAreNotRead() {
        DrainRanges ranges = new DrainRanges(List.of(new PartitionRange(P0, 500, 600), new PartitionRange(P1, 7, 7),
                new PartitionRange(P0, 100, 200)));
        assertThat(ranges.starts()).containsExactly(Map.entry(P0, 100L));
        assertThat(ranges.reading(P0)).contains(new PartitionRange(P0, 100, 200));
        assertThat(ranges.reading(P1)).isEmpty();
        assertThat(ranges.open()).containsExactly(P0);
    }

    @Test
    void aRangeReadToItsEndSeeksToThePartitionsNextThenPauses() {
        DrainRanges ranges = new DrainRanges(List.of(new PartitionRange(P0, 500, 600), new PartitionRange(P0, 100, 200)));
        FakeConsumer consumer = new FakeConsumer();
        consumer.at.put(P0, 150L);
        assertThat(ranges.advance(consumer)).isTrue();
        assertThat(consumer.moves).isEmpty();
        consumer.at.put(P0, 230L); // past the range: what follows it is not this drain's
        assertThat(ranges.advance(consumer)).isTrue();
        assertThat(consumer.moves).containsExactly("seek clicks-0 500");
        assertThat(ranges.reading(P0)).contains(new PartitionRange(P0, 500, 600));
        assertThat(ranges.advance(consumer)).as("at the next range's start: no further").isFalse();
        consumer.at.put(P0, 600L);
        assertThat(ranges.advance(consumer)).isTrue();
        assertThat(consumer.moves).containsExactly("seek clicks-0 500", "pause clicks-0");
        assertThat(ranges.done()).isTrue();
        assertThat(ranges.consumed()).containsExactly(new PartitionRange(P0, 500, 600), new PartitionRange(P0, 100, 200));
    }

    @Test
    void stoppedEarlyEachRangeEndsWhereItGotInThePlansOrder() {
        List<PartitionRange> plan = List.of(new PartitionRange(P1, 40, 90), new PartitionRange(P0, 10, 20), new PartitionRange(P0, 30, 50),
                new PartitionRange(P1, 0, 0));
        DrainRanges ranges = new DrainRanges(plan);
        assertThat(ranges.open()).as("in offset order").containsExactly(P0, P1);
        FakeConsumer consumer = new FakeConsumer();
        consumer.at.put(P0, 20L);
        consumer.at.put(P1, 60L);
        ranges.advance(consumer);
        consumer.at.put(P0, 35L);
        ranges.advance(consumer);
        assertThat(ranges.done()).isFalse();
        assertThat(ranges.consumed()).containsExactly(new PartitionRange(P1, 40, 60), new PartitionRange(P0, 10, 20),
                new PartitionRange(P0, 30, 35), new PartitionRange(P1, 0, 0));
    }

    @Test
    void nothingReadIsNoProgress() {
        DrainRanges ranges = new DrainRanges(List.of(new PartitionRange(P0, 10, 20)));
        FakeConsumer consumer = new FakeConsumer();
        consumer.at.put(P0, 10L);
        assertThat(ranges.advance(consumer)).isFalse();
        assertThat(ranges.consumed()).containsExactly(new PartitionRange(P0, 10, 10));
    }
}

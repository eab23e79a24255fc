package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class MemoryBoundsTest {
    /** A file of so many buffered bytes and footer row groups; a flush writes its buffer out as a row group. */
    private static final class FakeWriter implements RecordFileWriter {
        long held;
        int rowGroups;
        int flushes;

        FakeWriter(long held, int rowGroups) {
            this.held = held;
            this.rowGroups = rowGroups;
        }

        @Override
        public void write(GenericRecord record) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long dataSize() {
            return held;
        }

        @Override
        public long heldBytes() {
            return held;
        }

        @Override
        public int rowGroupsInFooter() {
            return rowGroups;
        }

        @Override
        public void flush() {
            held = 0;
            rowGroups++;
            flushes++;
        }

        @Override
        public void close() {
        }
    }

    private static OpenFile file(int hour, long held, int rowGroups) {
        PartitionKey key = new PartitionKey("click", LocalDate.of(2026, 1, 1), hour);
        return new OpenFile(key, "fp", "final-" + hour, "staged-" + hour, new FakeWriter(held, rowGroups));
    }

    private static int flushes(OpenFile f) {
        return ((FakeWriter) f.writer).flushes;
    }

    @Test
    void withinTheBudgetNothingIsWrittenOut() throws Exception {
        MemoryBounds bounds = new MemoryBounds(WriteBudget.of(1_000_000), 100);
        List<OpenFile> open = List.of(file(0, 100_000, 0), file(1, 200_000, 0));
        assertThat(bounds.flushOverBudget(open)).isZero();
        assertThat(open).allSatisfy(f -> assertThat(flushes(f)).isZero());
    }

    @Test
    void pastTheBudgetTheLargestAreWrittenOutUntilHalfOfItIsLeft() throws Exception {
        WriteBudget budget = WriteBudget.of(1_000_000);
        long limit = budget.heldLimit();
        OpenFile small = file(0, limit / 5, 0);
        OpenFile large = file(1, limit / 2, 0);
        OpenFile middle = file(2, limit / 3, 0);
        List<OpenFile> open = List.of(small, large, middle);
        assertThat(new MemoryBounds(budget, 100).flushOverBudget(open)).isEqualTo(2);
        assertThat(flushes(large)).isOne();
        assertThat(flushes(middle)).isOne();
        assertThat(flushes(small)).as("half the budget was left without it").isZero();
    }

    @Test
    void withinTheFootersBoundNoFileIsClosed() {
        MemoryBounds bounds = new MemoryBounds(WriteBudget.of(1_000_000), 10);
        assertThat(bounds.footersOverBound(List.of(file(0, 0, 4), file(1, 0, 6)))).isEmpty();
    }

    @Test
    void pastTheFootersBoundTheFilesHoldingTheMostAreClosedAsFewAsItTakes() {
        MemoryBounds bounds = new MemoryBounds(WriteBudget.of(1_000_000), 10);
        OpenFile a = file(0, 0, 3);
        OpenFile b = file(1, 0, 5);
        OpenFile c = file(2, 0, 5);
        OpenFile d = file(3, 0, 4);
        assertThat(bounds.footersOverBound(List.of(a, b, c, d))).as("17 row groups: 12 after the first, 7 after the second; "
                + "of two holding as many the first open goes first").containsExactly(b, c);
    }
}

package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    private static final PartitionKey NINE = new PartitionKey("click", LocalDate.of(2026, 1, 1), 9);
    private static final PartitionKey TEN = new PartitionKey("click", LocalDate.of(2026, 1, 1), 10);
    private static final PartitionKey LATE = new PartitionKey("click", LocalDate.of(2025, 12, 31), 23);

    private static void add(RecordBatch b, PartitionKey key, long offset) {
        b.add(key, null, null, 0, "clicks", 0, offset);
    }

    @Test
    void entriesAreGroupedByKeyInTheOrderOfEachKeysFirstEntryEachKeysInTheOrderTheyCame() {
        RecordBatch b = new RecordBatch(8);
        add(b, NINE, 0);
        add(b, TEN, 1);
        add(b, NINE, 2);
        add(b, LATE, 3);
        add(b, TEN, 4);
        add(b, NINE, 5);
        assertThat(b.byKey()).containsExactly(0, 2, 5, 1, 4, 3);
    }

    @Test
    void oneKeyKeepsTheOrderTheyCame() {
        RecordBatch b = new RecordBatch(4);
        add(b, TEN, 7);
        add(b, TEN, 8);
        add(b, TEN, 9);
        assertThat(b.byKey()).containsExactly(0, 1, 2);
    }

    @Test
    void aClearedBatchIsEmptyAndLetsItsRecordsGo() {
        RecordBatch b = new RecordBatch(2);
        b.add(NINE, null, new org.apache.avro.generic.GenericData.Record(org.apache.avro.SchemaBuilder.record("r").fields().endRecord()),
                0, "clicks", 0, 1);
        b.clear();
        assertThat(b.size).isZero();
        assertThat(b.records[0]).isNull();
        assertThat(b.byKey()).isEmpty();
    }
}

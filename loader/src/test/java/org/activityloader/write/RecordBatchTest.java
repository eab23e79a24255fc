package org.activityloader.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.activityloader.partition.PartitionKey;
import org.junit.jupiter.api.Test;

class RecordBatchTest {
    private static final PartitionKey NINE = new PartitionKey("click", LocalDate.of(2026, 1, 1), 9);
    private static final PartitionKey TEN = new PartitionKey("click", LocalDate.of(2026, 1, 1), 10);
    private static final PartitionKey LATE = new PartitionKey("click", LocalDate.of(2025, 12, 31), 23);

    /** A batch of one record per key, at offsets 0, 1, ... */
    private static RecordBatch batch(PartitionKey... keys) {
        RecordBatch b = new RecordBatch(8);
        for (int i = 0; i < keys.length; i++) {
            b.add(keys[i], null, null, 0, "clicks", 0, i);
        }
        return b;
    }

    @Test
    void entriesAreGroupedByKeyInTheOrderOfEachKeysFirstEntryEachKeysInTheOrderTheyCame() {
        assertThat(batch(NINE, TEN, NINE, LATE, TEN, NINE).byKey()).containsExactly(0, 2, 5, 1, 4, 3);
    }

    @Test
    void oneKeyKeepsTheOrderTheyCame() {
        assertThat(batch(TEN, TEN, TEN).byKey()).containsExactly(0, 1, 2);
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

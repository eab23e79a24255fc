package org.activityloader.write;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericRecord;

/** Records of one hand-over to a {@link BackgroundWriter}'s thread, in parallel arrays so that a batch is reused without allocating. */
final class RecordBatch {
    final PartitionKey[] keys;
    final ActivitySchema[] schemas;
    final GenericRecord[] records;
    final long[] times;
    final String[] topics;
    final int[] partitions;
    final long[] offsets;
    int size;

    RecordBatch(int capacity) {
        keys = new PartitionKey[capacity];
        schemas = new ActivitySchema[capacity];
        records = new GenericRecord[capacity];
        times = new long[capacity];
        topics = new String[capacity];
        partitions = new int[capacity];
        offsets = new long[capacity];
    }

    void add(PartitionKey key, ActivitySchema schema, GenericRecord record, long time, String topic, int partition,
             long offset) {
        keys[size] = key;
        schemas[size] = schema;
        records[size] = record;
        times[size] = time;
        topics[size] = topic;
        partitions[size] = partition;
        offsets[size] = offset;
        size++;
    }

    /**
     * The entries grouped by key, each key's in the order they came (so offsets of a partition stay
     * in order within a file): a batch interleaving many hours switches files once per hour, not
     * once per record. Keys in the order of their first entry.
     */
    int[] byKey() {
        Map<PartitionKey, Integer> rank = new HashMap<>();
        int[] keyRank = new int[size];
        for (int i = 0; i < size; i++) {
            keyRank[i] = rank.computeIfAbsent(keys[i], k -> rank.size());
        }
        if (rank.size() == 1) {
            return identity(size);
        }
        int[] counts = new int[rank.size() + 1];
        for (int i = 0; i < size; i++) {
            counts[keyRank[i] + 1]++;
        }
        for (int k = 1; k < counts.length; k++) {
            counts[k] += counts[k - 1];
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[counts[keyRank[i]]++] = i;
        }
        return order;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    void clear() {
        Arrays.fill(records, 0, size, null); // let the records go
        size = 0;
    }
}

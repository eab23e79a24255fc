package org.activityloader.write;

/**
 * What all the open files of a run may hold in memory together, taken from the heap the JVM has
 * ({@code Runtime.maxMemory()}), not from the job's settings: whatever the job, the interleaving of
 * hours and the heap, the open files' buffers stay within a share of it. Files report what their
 * buffers hold as their format counts it ({@link RecordFileWriter#heldBytes}); a buffered byte costs
 * the heap more than one byte (a dictionary entry is an object, a copy of the value and a hash slot),
 * by a factor measured on the shipped schemas and corrected while the run goes on from what the
 * garbage collector finds alive ({@link HeapPressure}). Past the budget the writer flushes the
 * largest row groups early (see {@link PartitioningWriter}).
 */
public final class WriteBudget implements AutoCloseable {
    /** The open files' share of the heap; the rest is Kafka's fetches, the hand-over queue, the catalog, headroom. */
    static final double HEAP_SHARE = 0.35;
    /**
     * Heap per byte the files count, as measured: wide events (URLs, user agents, ids) in 24 and in
     * 192 open Parquet files, live heap after a full collection against the sum of the files' counts.
     */
    static final double HEAP_PER_HELD_BYTE = 2.5;
    /** Never less than this for the files, however small the heap: below it nothing useful is written. */
    private static final long MIN_BYTES = 8L << 20;

    private final long heapBytes;
    private final HeapPressure pressure;
    private volatile double scale = 1.0;

    /** @param maxHeap the heap the JVM may use ({@code Runtime.getRuntime().maxMemory()}) */
    public WriteBudget(long maxHeap, HeapPressure pressure) {
        this.heapBytes = Math.max(MIN_BYTES, (long) (maxHeap * HEAP_SHARE));
        this.pressure = pressure;
    }

    /** A budget for this JVM, corrected by its garbage collector's findings until closed. */
    public static WriteBudget forThisJvm() {
        return new WriteBudget(Runtime.getRuntime().maxMemory(), HeapPressure.watch());
    }

    /** A fixed budget of heap for the files (tests). */
    public static WriteBudget of(long heapBytes) {
        return new WriteBudget((long) (heapBytes / HEAP_SHARE), HeapPressure.none());
    }

    @Override
    public void close() {
        pressure.close();
    }

    /** Heap the open files may take, in bytes of heap. */
    public long heapBytes() {
        return heapBytes;
    }

    /** What the open files' own counts may add up to now: the heap share, by the measured factor, narrowed under pressure. */
    long heldLimit() {
        switch (pressure.poll()) {
            case HIGH -> scale = Math.max(0.05, scale * 0.6);
            case LOW -> scale = Math.min(1.0, scale * 1.25);
            default -> {
                // as it was
            }
        }
        return (long) (heapBytes * scale / HEAP_PER_HELD_BYTE);
    }
}

package org.activityloader.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericRecord;

/**
 * Runs a {@link PartitioningWriter} on a thread of its own, so that encoding files overlaps
 * polling and decoding on the caller's thread. Records are handed over in batches through a
 * bounded queue of reused batches: at most {@code BATCHES × BATCH_SIZE} records are in flight.
 * One thread calls it. A failure of the writing thread is thrown to the caller at its next call.
 * The files stay with the {@link PartitioningWriter}: after {@link #awaitWritten} the caller seals
 * them with its {@code finish}; {@link #close} closes it only once the writing thread has stopped.
 */
public final class BackgroundWriter implements AutoCloseable {
    private static final int BATCH_SIZE = 2048;
    private static final int BATCHES = 8;
    private static final long WAIT_MILLIS = 50;

    private final PartitioningWriter writer;
    private final BlockingQueue<RecordBatch> full = new ArrayBlockingQueue<>(BATCHES + 1);
    private final BlockingQueue<RecordBatch> free = new ArrayBlockingQueue<>(BATCHES);
    private final Thread thread;
    private final RecordBatch end = new RecordBatch(0);
    private volatile Throwable failure;
    /** Set by close(): an interrupt alone may be swallowed by the file system code the thread is in. */
    private volatile boolean stopped;
    /** Busy time of the writing thread; read after it stopped. */
    private volatile long writeNanos;
    /** Time the caller waited for the writing thread to catch up. */
    private long waitNanos;
    private RecordBatch filling;

    public BackgroundWriter(PartitioningWriter writer, String threadName) {
        this.writer = writer;
        for (int i = 1; i < BATCHES; i++) {
            free.add(new RecordBatch(BATCH_SIZE));
        }
        this.filling = new RecordBatch(BATCH_SIZE);
        this.thread = new Thread(this::writeBatches, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    public void write(PartitionKey key, ActivitySchema schema, GenericRecord record, long eventTime,
                      String topic, int partition, long offset) throws IOException {
        filling.add(key, schema, record, eventTime, topic, partition, offset);
        if (filling.size == BATCH_SIZE) {
            handOver(filling);
            filling = nextFree();
        }
    }

    /** Hands over the last records and returns once all are written; the writing thread stops. */
    public void awaitWritten() throws IOException {
        if (filling.size > 0) {
            handOver(filling);
        }
        handOver(end);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the last records were written", e);
        }
        throwIfFailed();
    }

    /** Time the writing thread spent writing (it overlaps the caller's time). */
    public long writeNanos() {
        return writeNanos;
    }

    /** Time the caller spent waiting for the writing thread, which was behind. */
    public long waitNanos() {
        return waitNanos;
    }

    /** Stops the writing thread, then closes open files without sealing them (after a failure). */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        writer.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeBatches() {
        try {
            while (!stopped) {
                RecordBatch b = full.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS);
                if (b == end) {
                    return;
                }
                if (b != null) {
                    long start = System.nanoTime();
                    int[] order = b.byKey();
                    for (int n = 0; n < b.size && !stopped; n++) {
                        int i = order[n];
                        writer.write(b.keys[i], b.schemas[i], b.records[i], b.times[i], b.topics[i], b.partitions[i], b.offsets[i]);
                    }
                    writeNanos += System.nanoTime() - start;
                    b.clear();
                    free.put(b);
                }
            }
        } catch (InterruptedException e) {
            // close() stops the thread: the run is failing already
        } catch (Throwable t) { // an Error too: the caller must learn of it, not hang
            failure = t;
        }
    }

    private void handOver(RecordBatch b) throws IOException {
        if (full.offer(b)) {
            throwIfFailed();
            return;
        }
        long start = System.nanoTime();
        try {
            while (!full.offer(b, WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
            waitNanos += System.nanoTime() - start;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while handing records to the writer", e);
        }
        throwIfFailed();
    }

    private RecordBatch nextFree() throws IOException {
        RecordBatch b = free.poll();
        if (b != null) {
            return b;
        }
        long start = System.nanoTime();
        try {
            while ((b = free.poll(WAIT_MILLIS, TimeUnit.MILLISECONDS)) == null) {
                throwIfFailed();
            }
            waitNanos += System.nanoTime() - start;
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the writer", e);
        }
    }

    private void throwIfFailed() throws IOException {
        Throwable t = failure;
        if (t == null) {
            return;
        }
        if (t instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (t instanceof UncheckedIOException u) {
            throw new IOException(u.getMessage(), u.getCause());
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        throw (Error) t;
    }
}

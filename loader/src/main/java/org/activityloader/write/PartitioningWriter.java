package org.activityloader.write;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.FileNames;
import org.activityloader.partition.PartitionKey;
import org.apache.avro.generic.GenericRecord;

/**
 * Routes records to one open staging file per {@link PartitionKey}. Memory stays bounded by
 * construction: what the open files buffer together is kept within the run's {@link WriteBudget}
 * (the largest row groups are written out early when it is reached), at most {@code maxOpenFiles}
 * are open (the least recently written is closed beyond that: file handles) and a file is rolled
 * once it reaches {@code maxFileBytes}. Every closed file is sealed: synced, and its record count
 * read back from the file and checked against what was written.
 */
public final class PartitioningWriter implements AutoCloseable {
    private static final int SIZE_CHECK_EVERY = 256;
    /** Summing what every open file holds costs a walk over their columns: every so many records. */
    private static final int BUDGET_CHECK_EVERY = 1024;
    private static final int SEAL_THREADS = 4;
    /**
     * Row groups the open files' footers may hold together. A footer keeps each row group's column
     * metadata and page indexes in memory until its file is closed (measured: about 11 KB a row group
     * of the shipped schemas), so row groups written early, or small ones, would make memory grow with
     * the records; past this the files holding the most are closed (another starts for their hour).
     */
    private static final int MAX_ROW_GROUPS_OPEN = 1024;

    private final Storage storage;
    private final FileFormats formats;
    private final String runId;
    private final long maxFileBytes;
    private final int maxOpenFiles;
    private final LinkedHashMap<PartitionKey, OpenFile> open = new LinkedHashMap<>(16, 0.75f, true);
    private final List<SealedFile> sealed = new ArrayList<>();
    /** Closed early, to be synced and read back at {@link #finish}: what that needs only, not the writers. */
    private final List<ClosedFile> closed = new ArrayList<>();
    private final MemoryBounds bounds;
    private int sequence;
    private long earlyCloses;
    private long budgetFlushes;
    private long budgetCloses;
    private int sinceBudgetCheck;

    public PartitioningWriter(Storage storage, FileFormats formats, String runId, long maxFileBytes, int maxOpenFiles,
                              WriteBudget budget) {
        this(storage, formats, runId, maxFileBytes, maxOpenFiles, budget, MAX_ROW_GROUPS_OPEN);
    }

    PartitioningWriter(Storage storage, FileFormats formats, String runId, long maxFileBytes, int maxOpenFiles,
                       WriteBudget budget, int maxRowGroupsOpen) {
        this.storage = storage;
        this.formats = formats;
        this.runId = runId;
        this.maxFileBytes = maxFileBytes;
        this.maxOpenFiles = maxOpenFiles;
        this.bounds = new MemoryBounds(budget, maxRowGroupsOpen);
    }

    public void write(PartitionKey key, ActivitySchema schema, GenericRecord record, long eventTime,
                      String topic, int partition, long offset) throws IOException {
        OpenFile file = open.get(key);
        if (file == null) {
            if (open.size() >= maxOpenFiles) {
                Iterator<OpenFile> eldest = open.values().iterator();
                OpenFile victim = eldest.next();
                eldest.remove();
                closeEarly(victim);
                earlyCloses++;
            }
            file = openFile(key, schema);
            open.put(key, file);
        }
        file.write(record, eventTime, topic, partition, offset);
        // Asking Parquet for its size sums every column's buffers: do it every so many records only.
        if (file.records % SIZE_CHECK_EVERY == 0 && file.writer.dataSize() >= maxFileBytes) {
            open.remove(key);
            closeEarly(file);
        }
        if (++sinceBudgetCheck >= BUDGET_CHECK_EVERY) {
            sinceBudgetCheck = 0;
            keepWithinBudget();
        }
    }

    /** Past the budget or the footers' bound: see {@link MemoryBounds}. */
    private void keepWithinBudget() throws IOException {
        for (OpenFile f : bounds.footersOverBound(open.values())) {
            open.remove(f.key);
            closeEarly(f);
            budgetCloses++;
        }
        budgetFlushes += bounds.flushOverBudget(open.values());
    }

    /** Row groups written early to keep the open files within the memory budget. */
    public long budgetFlushes() {
        return budgetFlushes;
    }

    /** Files closed (another one started for their hour) to keep what the open files' footers hold bounded. */
    public long budgetCloses() {
        return budgetCloses;
    }

    /**
     * Closes and seals every open file, several at a time (closing compresses the last row group,
     * syncing waits for the disk); returns all files this writer produced.
     */
    public List<SealedFile> finish() throws IOException {
        List<OpenFile> stillOpen = new ArrayList<>(open.values());
        open.clear();
        ExecutorService sealers = Executors.newFixedThreadPool(Math.max(1, Math.min(SEAL_THREADS, closed.size() + stillOpen.size())), r -> {
            Thread t = new Thread(r, "seal-" + runId);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<SealedFile>> pending = new ArrayList<>();
            for (ClosedFile c : closed) {
                pending.add(sealers.submit(() -> sealed(c)));
            }
            closed.clear();
            for (OpenFile f : stillOpen) {
                pending.add(sealers.submit(() -> sealed(f.close())));
            }
            IOException failure = null;
            for (Future<SealedFile> p : pending) { // every file is closed, even after one failed
                try {
                    sealed.add(p.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sealing files", e);
        } finally {
            sealers.shutdown();
        }
        return List.copyOf(sealed);
    }

    /**
     * Files closed because more partitions than {@code maxOpenFiles} were being written at once:
     * each makes the next record of its partition start another, smaller file.
     */
    public long earlyCloses() {
        return earlyCloses;
    }

    /** Closes open files without sealing them, after a failure (the caller deletes staging); then the formats' shared parts. */
    @Override
    public void close() {
        for (OpenFile f : open.values()) {
            try {
                f.writer.close();
            } catch (IOException | RuntimeException ignored) {
                // the run is failing already; its staging folder is deleted next
            }
        }
        open.clear();
        formats.close();
    }

    private OpenFile openFile(PartitionKey key, ActivitySchema schema) throws IOException {
        String finalPath = FileNames.dataFile(key, runId, sequence++, formats.format().extension());
        String staged = FileNames.staged(runId, finalPath);
        return new OpenFile(key, schema.fingerprint(), finalPath, staged, formats.open(staged, schema.schema()));
    }

    /**
     * A file done with before the end (rolled at its size, or closed for another hour): closed now,
     * which frees what it held; synced and read back with the others at the end, in parallel.
     */
    private void closeEarly(OpenFile f) throws IOException {
        closed.add(f.close());
    }

    /** Makes a closed file durable, and checks its record count read back from the file. */
    private SealedFile sealed(ClosedFile f) throws IOException {
        storage.sync(f.stagedPath());
        long counted = FileFormats.countRecords(storage, f.stagedPath(), formats.format());
        if (counted != f.records()) {
            throw new IOException("staged file " + f.stagedPath() + " holds " + counted + " records but "
                    + f.records() + " were written to it");
        }
        return new SealedFile(f.key(), f.finalPath(), f.stagedPath(), formats.format(), counted,
                storage.size(f.stagedPath()), f.minTime(), f.maxTime(), f.fingerprint(), f.spans());
    }
}

package org.activityloader.run;

import java.io.IOException;
import java.util.List;
import org.activityloader.config.OutputSpec;
import org.activityloader.write.BackgroundWriter;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.DeadLetterWriter;
import org.activityloader.write.FileFormats;
import org.activityloader.write.PartitioningWriter;
import org.activityloader.write.SealedFile;
import org.activityloader.write.WriteBudget;
import org.activityloader.write.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every kind of run writes, in its staging folder: records through a {@link BackgroundWriter}
 * (the Parquet encoding on its own thread) into one {@link PartitioningWriter} (a file per hour,
 * open files within a heap budget), rejects into dead-letter files. Sealing (step 5) closes and
 * syncs every file and reads its record count back.
 */
final class WriterStack implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WriterStack.class);

    private final String runId;
    private final OutputSpec output;
    private final WriteBudget budget;
    private final PartitioningWriter files;
    private final BackgroundWriter writer;
    private final DeadLetterWriter rejects;

    private WriterStack(String runId, OutputSpec output, WriteBudget budget, PartitioningWriter files, Storage storage) {
        this.runId = runId;
        this.output = output;
        this.budget = budget;
        this.files = files;
        this.rejects = new DeadLetterWriter(storage, runId);
        this.writer = new BackgroundWriter(files, "writer-" + runId);
    }

    static WriterStack open(RunContext ctx, String runId) {
        OutputSpec output = ctx.spec().output();
        WriteBudget budget = WriteBudget.forThisJvm();
        PartitioningWriter files = null;
        try {
            files = new PartitioningWriter(ctx.storage(), new FileFormats(ctx.storage(), output.format(), output.compression(),
                    output.rowGroupBytes()), runId, output.maxFileBytes(), output.maxOpenFiles(), budget);
            return new WriterStack(runId, output, budget, files, ctx.storage());
        } catch (RuntimeException e) {
            if (files != null) {
                files.close();
            }
            budget.close();
            throw e;
        }
    }

    /** Takes the records to write: their hour's file, encoded on the writer's thread. */
    BackgroundWriter writer() {
        return writer;
    }

    /** Takes the records rejected, with their reasons. */
    DeadLetterWriter rejects() {
        return rejects;
    }

    /** How long the run's thread has waited for the writer so far (it was behind). */
    long waitNanos() {
        return writer.waitNanos();
    }

    /** Returns once every record handed over is written; the writer's time is the run's "write" stage. */
    void awaitWritten(StageTimes stages) throws IOException {
        writer.awaitWritten();
        stages.add("write", writer.writeNanos());
    }

    /** Step 5: every file closed, synced and read back; the files and the dead letters, with what the kind counted. */
    <T> Staged<T> seal(T tally, StageTimes stages) throws IOException {
        long start = System.nanoTime();
        List<SealedFile> sealed = files.finish();
        warnOfEarlyWrites();
        List<DeadLetter> deadLetters = rejects.finish();
        stages.add("seal", System.nanoTime() - start);
        return new Staged<>(sealed, deadLetters, tally);
    }

    private void warnOfEarlyWrites() {
        if (files.budgetFlushes() > 0) {
            LOG.info("run {}: {} row group(s) were written early to keep the open files within {} MB of heap", runId,
                    files.budgetFlushes(), budget.heapBytes() >> 20);
        }
        if (files.budgetCloses() > 0) {
            LOG.warn("run {}: {} file(s) were closed early, and others started for their hours, to keep the open files"
                    + " within {} MB of heap: more, smaller files; a larger heap (LOADER_HEAP) or fewer records a run"
                    + " (limits.max_records) makes fewer", runId, files.budgetCloses(), budget.heapBytes() >> 20);
        }
        if (files.earlyCloses() > 0) {
            LOG.warn("run {}: {} file(s) were closed early because more than output.max_open_files ({}) hours were"
                    + " written at once, which makes more, smaller files; raise it (it costs file handles, not memory)", runId,
                    files.earlyCloses(), output.maxOpenFiles());
        }
    }

    @Override
    public void close() {
        rejects.close();
        writer.close();
        files.close();
        budget.close();
    }
}

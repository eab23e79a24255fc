package org.activityloader.run;

import java.util.List;
import org.activityloader.source.PartitionRange;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.SealedFile;

/**
 * Steps 4 and 5's result: a run's sealed files and dead letters in staging, the offset ranges it
 * actually read (each from the planned offset to where the drain stopped), and what it counted.
 *
 * @param readPerPartition records read from each range, in the order of {@code consumed}
 */
record StagedRun(List<SealedFile> files, List<DeadLetter> deadLetters, List<PartitionRange> consumed,
                 List<Long> readPerPartition, RecordCounts records, long bytesRead) {
    StagedRun {
        files = List.copyOf(files);
        deadLetters = List.copyOf(deadLetters);
        consumed = List.copyOf(consumed);
        readPerPartition = List.copyOf(readPerPartition);
    }

    long bytesWritten() {
        return files.stream().mapToLong(SealedFile::bytes).sum();
    }
}

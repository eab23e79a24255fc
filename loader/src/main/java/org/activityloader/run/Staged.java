package org.activityloader.run;

import java.util.List;
import org.activityloader.write.DeadLetter;
import org.activityloader.write.SealedFile;

/**
 * Steps 4 and 5's result: a run's sealed files and dead letters in staging, and what its kind
 * counted while it wrote them.
 */
record Staged<T>(List<SealedFile> files, List<DeadLetter> deadLetters, T tally) {
    Staged {
        files = List.copyOf(files);
        deadLetters = List.copyOf(deadLetters);
    }

    long bytesWritten() {
        return files.stream().mapToLong(SealedFile::bytes).sum();
    }
}

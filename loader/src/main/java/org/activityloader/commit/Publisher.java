package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterDao;
import org.activityloader.catalog.FileDao;
import org.activityloader.catalog.RunDao;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;

/**
 * Step 6 of the commit protocol: moves a committed run's files from staging to their final paths,
 * marks the run published and removes its staging folder. Roll-forward only and idempotent: a
 * crash anywhere in here is finished by the next run, never undone.
 */
final class Publisher {
    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;
    private final Faults faults;

    Publisher(Catalog catalog, Storage storage, Clock clock, Faults faults) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
        this.faults = faults;
    }

    void publish(String runId) {
        List<DataFileRow> files = catalog.withDao(FileDao.class, d -> d.ofRun(runId));
        List<String> deadLetterFiles = catalog.withDao(DeadLetterDao.class, d -> d.filesOfRun(runId));
        try {
            boolean first = true;
            for (DataFileRow f : files) {
                storage.move(f.stagingPath(), f.path());
                if (first) {
                    faults.at(FaultPoint.BETWEEN_RENAMES);
                    first = false;
                }
            }
            for (String dl : deadLetterFiles) {
                storage.move(FileNames.staged(runId, dl), dl);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("publishing run " + runId + " failed (the next run finishes it): "
                    + e.getMessage(), e);
        }
        catalog.withDao(RunDao.class, d -> d.markPublished(runId, clock.instant()));
        faults.at(FaultPoint.AFTER_PUBLISH_BEFORE_CLEANUP);
        removeStaging(runId);
    }

    void removeStaging(String runId) {
        try {
            storage.deleteRecursively(FileNames.stagingDir(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove staging of run " + runId + ": " + e.getMessage(), e);
        }
    }

}

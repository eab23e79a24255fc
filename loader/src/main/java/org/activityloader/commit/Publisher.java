package org.activityloader.commit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterDao;
import org.activityloader.catalog.FileDao;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;

/**
 * Step 7 of the commit protocol: moves a committed run's files from staging to their final paths
 * and the files it replaced out of the partition folders (to {@code _replaced/<run>/}, kept until
 * {@code vacuum}), marks the run published and removes its staging folder. Roll-forward only and
 * idempotent: a crash anywhere in here is finished by the next run, never undone.
 */
public final class Publisher {
    private final Catalog catalog;
    private final Storage storage;
    private final RunLifecycle runs;
    private final Faults faults;

    public Publisher(Catalog catalog, Storage storage, RunLifecycle runs, Faults faults) {
        this.catalog = catalog;
        this.storage = storage;
        this.runs = runs;
        this.faults = faults;
    }

    public void publish(String runId) {
        List<DataFileRow> added = catalog.withDao(FileDao.class, d -> d.ofRun(runId));
        List<DataFileRow> replaced = catalog.withDao(FileDao.class, d -> d.replacedBy(runId));
        List<String> deadLetterFiles = catalog.withDao(DeadLetterDao.class, d -> d.filesOfRun(runId));
        try {
            boolean first = true;
            for (DataFileRow f : added) {
                storage.move(f.stagingPath(), f.path());
                if (first) {
                    faults.at(FaultPoint.BETWEEN_RENAMES);
                    first = false;
                }
            }
            // After the new files are in: a folder reader may see old and new side by side for the
            // moments between, never an hour with neither.
            for (DataFileRow f : replaced) {
                storage.move(f.path(), FileNames.replaced(runId, f.path()));
            }
            for (String dl : deadLetterFiles) {
                storage.move(FileNames.staged(runId, dl), dl);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("publishing run " + runId + " failed (the next run finishes it): "
                    + e.getMessage(), e);
        }
        runs.published(runId);
        faults.at(FaultPoint.AFTER_PUBLISH_BEFORE_CLEANUP);
        runs.removeStaging(runId);
    }
}

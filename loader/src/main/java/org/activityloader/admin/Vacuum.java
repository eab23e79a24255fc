package org.activityloader.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;

/**
 * {@code loader vacuum}: deletes files a backfill (or a compaction) replaced, once they have been
 * out of the partition folders for the grace period, so that queries still reading them finish.
 * Only files the catalog says are replaced and moved out, from {@code _replaced/}: never a live file.
 * Their rows stay (marked vacuumed, in one call once they are deleted: a vacuum cut short before
 * finds them again, and deletes what is left of them), with their lineage; a report {@code --as-of}
 * a version that needs them says they are gone.
 */
public final class Vacuum {
    private final Catalog catalog;
    private final Storage storage;
    private final Clock clock;

    public Vacuum(Catalog catalog, Storage storage, Clock clock) {
        this.catalog = catalog;
        this.storage = storage;
        this.clock = clock;
    }

    /** One line per file deleted (or, lost already, only marked vacuumed). */
    public List<String> vacuum(String job, Duration olderThan) {
        Instant before = clock.instant().minus(olderThan);
        List<String> done = new ArrayList<>();
        try {
            List<DataFileRow> vacuumable = catalog.manifest().vacuumable(job, before);
            for (DataFileRow f : vacuumable) {
                String where = FileNames.replaced(f.replacedByRun(), f.path());
                storage.deleteRecursively(where);
                done.add(f.lostAt() != null ? "nothing to delete for " + where + " (lost before " + f.replacedByRun() + " replaced it)"
                        : "deleted " + where + " (" + f.recordCount() + " records, replaced by " + f.replacedByRun() + ")");
            }
            catalog.manifest().markVacuumed(vacuumable.stream().map(DataFileRow::path).toList(), clock.instant());
            // A run's folder goes once every file it replaced is deleted (not merely when it looks empty:
            // a backfill publishing now makes the folder before it moves its first file in).
            for (String run : storage.listNames(FileNames.REPLACED)) {
                if (catalog.manifest().keptReplacedBy(run) == 0) {
                    storage.deleteRecursively(FileNames.replacedDir(run));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("vacuum of job " + job + " failed: " + e.getMessage(), e);
        }
        return done;
    }
}

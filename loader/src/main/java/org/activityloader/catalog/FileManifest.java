package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The file manifest (data_file): every data file of every job, live or replaced by a later run, and
 * where a replaced one is (moved out of its folder, vacuumed, or found lost). Marks that follow what
 * the warehouse shows (moved out, lost, vacuumed) are safe to make again and are made for many files
 * in one transaction; a file is added or replaced only by a commit.
 */
public final class FileManifest {
    private final CatalogCalls calls;

    FileManifest(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The run's own files. */
    public List<DataFileRow> ofRun(String runId) {
        return calls.call(h -> h.attach(FileDao.class).ofRun(runId));
    }

    /**
     * What readers may see now: files of published runs that are live, or replaced by a run not
     * published yet (a replacing run's files and those it replaces trade places when it is published).
     */
    public List<DataFileRow> published(String job) {
        return calls.call(h -> h.attach(FileDao.class).published(job));
    }

    /** The files readers saw at a catalog version. */
    public List<DataFileRow> liveAt(String job, long version) {
        return calls.call(h -> h.attach(FileDao.class).liveAt(job, version));
    }

    /** The live files of the activity types on the days that a catalog version had. */
    public List<DataFileRow> liveInDaysAt(String job, List<String> types, LocalDate first, LocalDate last, long version) {
        return calls.call(h -> h.attach(FileDao.class).liveInDaysAt(job, types, first, last, version));
    }

    /** Every live file of the job. */
    public List<DataFileRow> live(String job) {
        return calls.call(h -> h.attach(FileDao.class).live(job));
    }

    /** The rows of those of the files the catalog has. */
    public List<DataFileRow> withPaths(List<String> paths) {
        return calls.call(h -> h.attach(FileDao.class).withPaths(paths));
    }

    /** Those of the paths the catalog has a row for. */
    public List<String> knownPaths(List<String> paths) {
        return calls.call(h -> h.attach(FileDao.class).knownPaths(paths));
    }

    /** Files replaced by published runs that are still in their partition folders (a publish cut short). */
    public List<DataFileRow> replacedNotMovedOut(String job) {
        return calls.call(h -> h.attach(FileDao.class).replacedNotMovedOut(job));
    }

    /** Replaced files moved out before the instant and not deleted yet: what vacuum deletes. */
    public List<DataFileRow> vacuumable(String job, Instant before) {
        return calls.call(h -> h.attach(FileDao.class).vacuumable(job, before));
    }

    /** How many files the run replaced that vacuum has not deleted yet. */
    public long keptReplacedBy(String runId) {
        return calls.call(h -> h.attach(FileDao.class).keptReplacedBy(runId));
    }

    /** Records per run and topic-partition held by the job's files. */
    public List<PartitionCount> recordsPerRunPartition(String job) {
        return calls.call(h -> h.attach(FileDao.class).recordsPerRunPartition(job));
    }

    /** Records per topic-partition held by the job's live files. */
    public List<PartitionTotal> liveRecordsPerPartition(String job) {
        return calls.call(h -> h.attach(FileDao.class).liveRecordsPerPartition(job));
    }

    /** The replaced files are out of their partition folders now (in {@code _replaced/}). */
    public void markMovedOut(List<String> paths, Instant at) {
        if (!paths.isEmpty()) {
            calls.changes(h -> {
                h.attach(FileDao.class).markMovedOut(paths, at);
                return null;
            });
        }
    }

    /** The files were gone when the loader came to move them. */
    public void markLost(List<String> paths, Instant at) {
        if (!paths.isEmpty()) {
            calls.changes(h -> {
                h.attach(FileDao.class).markLost(paths, at);
                return null;
            });
        }
    }

    /** Vacuum deleted the replaced files. */
    public void markVacuumed(List<String> paths, Instant at) {
        if (!paths.isEmpty()) {
            calls.changes(h -> {
                h.attach(FileDao.class).markVacuumed(paths, at);
                return null;
            });
        }
    }

    /** The commit's new files, live from its version on (whatever state their rows say). Part of the commit's transaction. */
    public void add(List<DataFileRow> files) {
        calls.requireTransaction("adding files to the manifest");
        calls.call(h -> {
            h.attach(FileDao.class).insertFiles(files);
            return null;
        });
    }

    /**
     * The file, live until now, replaced by the run at its version: false if it was no longer live
     * (another run replaced it). Part of the commit's transaction.
     */
    public boolean replace(String path, String runId, long version, Instant at) {
        calls.requireTransaction("replacing file " + path);
        return calls.call(h -> h.attach(FileDao.class).markReplaced(path, runId, version, at)) == 1;
    }
}

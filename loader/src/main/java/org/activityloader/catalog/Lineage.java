package org.activityloader.catalog;

import java.time.Instant;
import java.util.List;

/**
 * Where every record came from: the offsets each file holds (file_source), and the offset ranges
 * each committed run read and the gaps retention left (committed_range, offset_gap), which together
 * tile the log. Written only by a commit.
 */
public final class Lineage {
    private final CatalogCalls calls;

    Lineage(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The offsets the files hold. */
    public List<FileSourceRow> sourcesOf(List<String> paths) {
        return calls.call(h -> h.attach(FileDao.class).sourcesOf(paths));
    }

    /** Ranges of the job's committed (and published) runs, by topic-partition, epoch and offset. */
    public List<CommittedRange> committedRanges(String job) {
        return calls.call(h -> h.attach(RangeDao.class).committed(job));
    }

    /** Records the job's committed runs read, per topic. */
    public List<NamedCount> readPerTopic(String job) {
        return calls.call(h -> h.attach(RangeDao.class).readPerTopic(job));
    }

    /** Every gap of the job. */
    public List<OffsetGapRow> gaps(String job) {
        return calls.call(h -> h.attach(RangeDao.class).gaps(job));
    }

    /** Gaps recorded by runs committed since the instant. */
    public List<OffsetGapRow> gapsSince(String job, Instant since) {
        return calls.call(h -> h.attach(RangeDao.class).gapsSince(job, since));
    }

    /** The offsets the commit's new files hold. Part of the commit's transaction. */
    public void addSources(List<FileSourceRow> sources) {
        calls.requireTransaction("adding the sources of files");
        calls.call(h -> {
            h.attach(FileDao.class).insertSources(sources);
            return null;
        });
    }

    /** The ranges the committing run read. Part of the commit's transaction. */
    public void addRanges(String job, List<CommittedRange> ranges) {
        calls.requireTransaction("adding committed ranges");
        calls.call(h -> {
            h.attach(RangeDao.class).insertRanges(job, ranges);
            return null;
        });
    }

    /** The gaps retention left before the committing run read. Part of the commit's transaction. */
    public void addGaps(String job, List<OffsetGapRow> gaps) {
        calls.requireTransaction("adding offset gaps");
        calls.call(h -> {
            h.attach(RangeDao.class).insertGaps(job, gaps);
            return null;
        });
    }
}

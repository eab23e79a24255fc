package org.activityloader.catalog;

/**
 * Each job's catalog version (job_version): a number that grows by one with every commit of the
 * job. A report reads the files live at one version, so reading it again at that version gives the
 * same answer.
 */
public final class Versions {
    private final CatalogCalls calls;

    Versions(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The job's version now; 0 before its first commit. */
    public long current(String job) {
        return calls.call(h -> h.attach(JobVersionDao.class).current(job)).orElse(0L);
    }

    /** The newest version whose runs are all published: every file it lists is in its folder. */
    public long readable(String job) {
        return calls.call(h -> h.attach(RunDao.class).readableVersion(job));
    }

    /**
     * The job's row, at version 0 if it had none, made before a commit's transaction: inside it, two
     * first commits at once (a load and a backfill) would both insert it, and one would fail.
     */
    public void prepare(String job) {
        calls.call(h -> {
            h.attach(JobVersionDao.class).ensureRow(job);
            return null;
        });
    }

    /** The version this commit makes; its row lock orders two commits of the job. Part of the commit's transaction. */
    public long next(String job) {
        calls.requireTransaction("the next catalog version of job " + job);
        return calls.call(h -> h.attach(JobVersionDao.class).next(job));
    }
}

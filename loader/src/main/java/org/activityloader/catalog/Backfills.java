package org.activityloader.catalog;

import java.util.List;

/** The record of every backfill (backfill), written inside its commit. */
public final class Backfills {
    private final CatalogCalls calls;

    Backfills(CatalogCalls calls) {
        this.calls = calls;
    }

    /** The job's committed backfills, newest first. */
    public List<BackfillRow> ofJob(String job) {
        return calls.call(h -> h.attach(BackfillDao.class).ofJob(job));
    }

    /** Part of the backfill's commit transaction. */
    public void record(BackfillRow row) {
        calls.requireTransaction("recording backfill " + row.runId());
        calls.call(h -> {
            h.attach(BackfillDao.class).insert(row);
            return null;
        });
    }
}

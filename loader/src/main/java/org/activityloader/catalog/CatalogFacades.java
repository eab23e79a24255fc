package org.activityloader.catalog;

/**
 * The facades of the catalog that a transaction has too, each named by what it keeps: over the
 * catalog's own calls ({@link Catalog}), or over the one handle of a transaction ({@link CatalogTransaction}).
 */
public abstract class CatalogFacades {
    private final CatalogCalls calls;

    CatalogFacades(CatalogCalls calls) {
        this.calls = calls;
    }

    /** Runs and their states, and when each job was last looked at. */
    public Runs runs() {
        return new Runs(calls);
    }

    /** The data files of every job: live, replaced, moved out, vacuumed, lost. */
    public FileManifest manifest() {
        return new FileManifest(calls);
    }

    /** Which offsets each file holds, and the offset ranges and gaps of each committed run. */
    public Lineage lineage() {
        return new Lineage(calls);
    }

    /** Where each job's loading continues, per topic-partition. */
    public Offsets offsets() {
        return new Offsets(calls);
    }

    public DeadLetters deadLetters() {
        return new DeadLetters(calls);
    }

    public Backfills backfills() {
        return new Backfills(calls);
    }

    /** Which hours are final: their states, changes and the watermarks they are decided from. */
    public Hours hours() {
        return new Hours(calls);
    }

    /** The leases that keep two runs of one job apart. */
    public Leases leases() {
        return new Leases(calls);
    }

    /** Each job's catalog version, grown by every commit. */
    public Versions versions() {
        return new Versions(calls);
    }
}

package org.activityloader.fault;

/** Named instants of the commit protocol (and of opening the catalog) where tests make a run fail or halt (see {@link Faults}). */
public enum FaultPoint {
    /** Before each statement a catalog migration executes (Flyway's own and the scripts'); count them with {@code #N}. */
    MIGRATION_STATEMENT,
    /** Records are written to staging files, nothing sealed. */
    AFTER_STAGING_WRITE,
    /** Every staged file is closed, synced and read back; nothing in the catalog yet. */
    AFTER_SEAL,
    /** Inside the commit transaction, after its inserts, before it commits. */
    INSIDE_COMMIT,
    /** The commit transaction succeeded, but the client is told it failed (a lost reply). */
    COMMIT_REPLY_LOST,
    /** Committed (offsets safe), no file renamed yet. */
    AFTER_COMMIT_BEFORE_PUBLISH,
    /** Committed, the first file renamed, the others still in staging. */
    BETWEEN_RENAMES,
    /** All files renamed, the run marked published and what it replaced moved out; no {@code _SUCCESS} written yet. */
    AFTER_PUBLISH_BEFORE_MARKERS,
    /** All files renamed and the run marked published; staging folder not yet removed. */
    AFTER_PUBLISH_BEFORE_CLEANUP
}

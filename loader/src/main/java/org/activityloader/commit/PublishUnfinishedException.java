package org.activityloader.commit;

/**
 * A run is committed, but moving its files into their folders did not finish (the warehouse or the
 * catalog failed on the way). Nothing is lost: publishing only ever rolls forward, and the next run
 * of the job (or {@code verify --repair}) finishes it; until then readers see the catalog version before.
 */
public final class PublishUnfinishedException extends RuntimeException {
    public PublishUnfinishedException(String runId, Throwable cause) {
        super("run " + runId + " is committed, but publishing its files did not finish (" + cause.getMessage()
                + "); the next run of the job finishes it, nothing is lost", cause);
    }
}

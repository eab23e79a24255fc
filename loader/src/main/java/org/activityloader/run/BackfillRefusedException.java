package org.activityloader.run;

/** A backfill that would not rebuild what was asked, refused before anything was changed. */
public final class BackfillRefusedException extends RuntimeException {
    public BackfillRefusedException(String message) {
        super(message);
    }
}

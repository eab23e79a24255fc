package org.activityloader.commit;

/** The commit was refused: another run moved the offsets, or this run lost its lease. Nothing was committed. */
public final class CommitConflictException extends RuntimeException {
    public CommitConflictException(String message) {
        super(message);
    }
}

package org.activityloader.commit;

/**
 * The catalog went away during a commit and could not be asked whether it landed. Nothing is
 * guessed: the run's staging stays, and the next run's recovery publishes the run if its commit
 * landed, or aborts it if it did not.
 */
public final class CommitOutcomeUnknownException extends RuntimeException {
    public CommitOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}

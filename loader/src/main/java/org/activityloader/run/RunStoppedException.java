package org.activityloader.run;

/** The run was asked to stop (SIGTERM) and stopped at a safe point, before its commit. */
public final class RunStoppedException extends RuntimeException {
    public RunStoppedException(String message) {
        super(message);
    }
}

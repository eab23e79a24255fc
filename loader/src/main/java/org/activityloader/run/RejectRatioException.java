package org.activityloader.run;

/** More of the run's records were rejected than the job allows: the run fails before committing. */
public final class RejectRatioException extends RuntimeException {
    public RejectRatioException(String message) {
        super(message);
    }
}

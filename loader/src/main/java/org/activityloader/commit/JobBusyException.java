package org.activityloader.commit;

/** Another run of the same job holds the lease. */
public final class JobBusyException extends RuntimeException {
    public JobBusyException(String job) {
        super("job " + job + " is already running (its lease is held by another run); try again when it ends");
    }
}

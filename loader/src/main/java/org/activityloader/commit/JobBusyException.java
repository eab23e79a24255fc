package org.activityloader.commit;

/** Another run of the same job holds the lease. */
public final class JobBusyException extends RuntimeException {
    /** @param lease the lease's name: a job's name, or {@code <job>#backfill} */
    public JobBusyException(String lease) {
        super(message(lease));
    }

    private JobBusyException(String message, Void exact) {
        super(message);
    }

    /** Work that waits for a backfill of the job, which would be refused if it replaced the files first (a compaction). */
    public static JobBusyException waitsForBackfill(String job, String what) {
        return new JobBusyException("a backfill of job " + job + " is running: " + what + " waits for it (it would replace files"
                + " the backfill is rebuilding, and the backfill would be refused); try again when it ends", null);
    }

    private static String message(String lease) {
        int hash = lease.indexOf('#');
        return hash < 0 ? "job " + lease + " is already running (its lease is held by another run); try again when it ends"
                : "a " + lease.substring(hash + 1) + " of job " + lease.substring(0, hash) + " is already running (one at a time);"
                        + " try again when it ends";
    }
}

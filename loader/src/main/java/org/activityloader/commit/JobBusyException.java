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

    /** A load of the whole job (or an operator command) and a load of one of its shards exclude each other. */
    public static JobBusyException shardsExclude(String job, boolean wantedWhole) {
        return new JobBusyException(wantedWhole
                ? "a shard of job " + job + " is loading (its lease is held): a run of the whole job, an offset reset or a repair"
                        + " waits until no shard runs; try again when they end"
                : "job " + job + " is held whole (a run without shards, an offset reset or a repair): its shards wait; try again"
                        + " when it ends", null);
    }

    /** Work that waits for a backfill of the job, which would be refused if it replaced the files first (a compaction). */
    public static JobBusyException waitsForBackfill(String job, String what) {
        return new JobBusyException("a backfill of job " + job + " is running: " + what + " waits for it (it would replace files"
                + " the backfill is rebuilding, and the backfill would be refused); try again when it ends", null);
    }

    private static String message(String lease) {
        int hash = lease.indexOf('#');
        if (hash > 0 && lease.startsWith("shard-", hash + 1)) {
            return "shard " + lease.substring(hash + 7) + " of job " + lease.substring(0, hash) + " is already loading (its lease is"
                    + " held by another run); try again when it ends";
        }
        return hash < 0 ? "job " + lease + " is already running (its lease is held by another run); try again when it ends"
                : "a " + lease.substring(hash + 1) + " of job " + lease.substring(0, hash) + " is already running (one at a time);"
                        + " try again when it ends";
    }
}

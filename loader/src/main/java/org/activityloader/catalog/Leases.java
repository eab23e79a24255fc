package org.activityloader.catalog;

import java.time.Instant;

/** The per-job leases (job_lease) that keep two runs of one job apart. Every change is a compare-and-set. */
public final class Leases {

    private final CatalogCalls calls;

    Leases(CatalogCalls calls) {
        this.calls = calls;
    }

    /**
     * Takes the job's lease for the owner until {@code expires}: a new one, or one that expired. False
     * if another owner holds it. Made again on a reconnect, it finds the lease it took a moment ago its own.
     */
    public boolean take(String job, String owner, Instant expires, Instant now) {
        return calls.call(h -> {
            LeaseDao leases = h.attach(LeaseDao.class);
            if (leases.takeExpired(job, owner, expires, now) == 1) {
                return true;
            }
            // Refused: a take-over or an insert whose reply was lost on a reconnect may be ours after all.
            return UniqueInsert.inserted(() -> leases.insert(job, owner, expires)) || leases.heldBy(job, owner, now) > 0;
        });
    }

    /** Extends the owner's lease; false means the owner lost it (another took it over) and must not commit. */
    public boolean renew(String job, String owner, Instant expires) {
        return calls.call(h -> h.attach(LeaseDao.class).renew(job, owner, expires)) == 1;
    }

    /** Whether the owner holds the job's lease and it has not expired: is that run alive? */
    public boolean heldBy(String job, String owner, Instant now) {
        return calls.call(h -> h.attach(LeaseDao.class).heldBy(job, owner, now)) > 0;
    }

    /** Whether anyone holds the lease and it has not expired. */
    public boolean held(String job, Instant now) {
        return calls.call(h -> h.attach(LeaseDao.class).held(job, now)) > 0;
    }

    /** Whether any live lease's name starts with the prefix. */
    public boolean anyHeldWithPrefix(String prefix, Instant now) {
        return calls.call(h -> h.attach(LeaseDao.class).liveWithPrefix(prefix, prefix.length(), now)) > 0;
    }

    /** Whether the owner (a run) holds a lease of any job that has not expired. */
    public boolean anyHeldBy(String owner, Instant now) {
        return calls.call(h -> h.attach(LeaseDao.class).liveFor(owner, now)) > 0;
    }

    public void release(String job, String owner) {
        calls.call(h -> h.attach(LeaseDao.class).release(job, owner));
    }
}

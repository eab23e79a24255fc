package org.activityloader.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.activityloader.commit.JobLease;
import org.activityloader.source.DrainListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a run does while it drains: keeps its lease renewed, and logs a plain progress line every
 * few seconds (readable in cron mail and on a terminal).
 */
final class DrainProgress implements DrainListener {
    private static final Logger LOG = LoggerFactory.getLogger(DrainProgress.class);
    private static final Duration EVERY = Duration.ofSeconds(5);

    private final String job;
    private final JobLease lease;
    private final Clock clock;
    private final long planned;
    private Instant next;

    DrainProgress(String job, JobLease lease, Clock clock, long planned) {
        this.job = job;
        this.lease = lease;
        this.clock = clock;
        this.planned = planned;
        this.next = clock.instant().plus(EVERY);
    }

    @Override
    public void afterPoll(long records, long bytes) {
        lease.renewIfDue();
        Instant now = clock.instant();
        if (now.isAfter(next)) {
            LOG.info("{}: read {} of {} records ({}%), {} MB", job, records, planned,
                    planned == 0 ? 100 : records * 100 / planned, bytes >> 20);
            next = now.plus(EVERY);
        }
    }
}

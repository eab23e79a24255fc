package org.activityloader.run;

import java.time.Duration;
import java.util.Optional;
import org.activityloader.commit.JobBusyException;
import org.activityloader.config.CompactionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code compaction: auto}: after a load, the small files of closed hours merged, within a time bound
 * (a quarter of the run's {@code limits.max_duration}, at most five minutes) so cron runs stay short;
 * what is left waits for the next run. The load has committed by then: a compaction that cannot run
 * (a backfill is running, another holds the compaction lease, a backfill replaced its files first) is
 * logged, not a failure.
 */
public final class AutoCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(AutoCompaction.class);
    private static final Duration MAX = Duration.ofMinutes(5);

    private AutoCompaction() {
    }

    public static Optional<CompactionResult> after(RunContext ctx) {
        if (ctx.spec().hours().compaction() != CompactionMode.AUTO) {
            return Optional.empty();
        }
        Duration quarter = ctx.spec().limits().maxDuration().dividedBy(4);
        Duration budget = quarter.compareTo(MAX) < 0 ? quarter : MAX;
        try {
            return Optional.of(new CompactionRun(ctx, new CompactionRequest(k -> true, ctx.spec().output().maxFileBytes(), false, budget))
                    .run());
        } catch (JobBusyException e) {
            LOG.info("job {}: no automatic compaction this time: {}", ctx.spec().name(), e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.warn("job {}: the automatic compaction did not run ({}); the next run tries again", ctx.spec().name(), e.getMessage());
            return Optional.empty();
        }
    }
}

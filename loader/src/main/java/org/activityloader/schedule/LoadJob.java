package org.activityloader.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.report.StatusReader;
import org.activityloader.run.GcWatchdog;
import org.activityloader.run.AutoCompaction;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;
import org.activityloader.source.Shard;
import org.activityloader.write.Storage;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One firing of a job's trigger (or of one of its shards'): one bounded run, as {@code loader run}
 * does, in this warm JVM. The job file is read again at every firing, so a changed setting takes
 * effect at the next one. Never two at once for one job or shard ({@code @DisallowConcurrentExecution},
 * and the catalog lease): a run
 * slower than its interval delays the next firing. Each run logs one line at its start and one at
 * its end with its counts, and updates the metrics.
 */
@DisallowConcurrentExecution
final class LoadJob implements Job {
    private static final Logger LOG = LoggerFactory.getLogger(LoadJob.class);
    /** The job data naming what a trigger fires: the job, and its shard ({@code i/K}). */
    static final String JOB = "job";
    static final String SHARD = "shard";
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

    private final Function<String, JobSpec> jobs;
    private final LoaderMetrics metrics;
    private final BooleanSupplier stopRequested;
    private final Faults faults;
    private final String node;
    private final java.util.function.Consumer<Firing> fired;

    LoadJob(Function<String, JobSpec> jobs, LoaderMetrics metrics, BooleanSupplier stopRequested, Faults faults, String node,
            java.util.function.Consumer<Firing> fired) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.stopRequested = stopRequested;
        this.faults = faults;
        this.node = node;
        this.fired = fired;
    }

    @Override
    public void execute(JobExecutionContext context) {
        JobDataMap data = context.getMergedJobDataMap();
        String name = data.containsKey(JOB) ? data.getString(JOB) : context.getJobDetail().getKey().getName();
        Shard shard = data.containsKey(SHARD) ? Shard.parse(data.getString(SHARD)).orElse(Shard.WHOLE) : Shard.WHOLE;
        String what = shard.whole() ? "job " + name : "job " + name + " shard " + shard;
        Instant started = Instant.now();
        LOG.info("{}: firing on node {} (scheduled {})", what, node, context.getScheduledFireTime().toInstant());
        try {
            JobSpec spec = jobs.apply(name);
            if (spec.shards() != shard.count()) { // the file changed since this node stated its triggers
                throw new org.activityloader.config.ConfigException(spec.source(), "shards", "is " + spec.shards()
                        + " now, but this node fires shard " + shard + "; restart the scheduler nodes to take the new shards");
            }
            try (Catalog catalog = Catalog.open(spec.catalog()); Storage storage = new Storage(spec.output().warehouse());
                 GcWatchdog gc = GcWatchdog.start()) {
                RunContext ctx = new RunContext(spec, catalog, storage, Clock.systemUTC(), faults, stopRequested, ProgressMode.NONE, gc);
                RunSummary summary = new LoadRun(ctx, null, shard).run();
                AutoCompaction.after(ctx);
                LOG.info("{}: {} (node {})", what, summary.describe().lines().findFirst().orElse(""), node);
                fired.accept(new Firing(name, node, started, Instant.now(), RunOutcome.OK, summary.committed()));
                metrics.runSucceeded(summary);
                updateStatus(spec, catalog);
            }
        } catch (RuntimeException | java.io.IOException | OutOfMemoryError e) {
            RunOutcome outcome = RunOutcome.of(e);
            LOG.warn("{}: run ended {} after {} s on node {}: {}", what, outcome.label(),
                    Duration.between(started, Instant.now()).toSeconds(), node, e.getMessage());
            fired.accept(new Firing(name, node, started, Instant.now(), outcome, false));
            metrics.runFailed(name, outcome, Duration.between(started, Instant.now()));
            try {
                JobSpec spec = jobs.apply(name);
                try (Catalog catalog = Catalog.open(spec.catalog())) {
                    updateStatus(spec, catalog); // the last success and the lag stay true while runs fail
                }
            } catch (RuntimeException unreadable) {
                LOG.debug("job {}: no status for the metrics: {}", name, unreadable.getMessage());
            }
        }
    }

    /** The run is done and counted: a catalog or broker that cannot say the lag now only leaves the gauges as they were. */
    private void updateStatus(JobSpec spec, Catalog catalog) {
        try {
            metrics.status(new StatusReader(catalog, Clock.systemUTC()).read(spec, LAG_TIMEOUT, 1));
        } catch (RuntimeException e) {
            LOG.warn("job {}: run done, but its status could not be read for the metrics: {}", spec.name(), e.getMessage());
        }
    }
}

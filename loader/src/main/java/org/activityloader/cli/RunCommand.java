package org.activityloader.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.metrics.MetricsFile;
import org.activityloader.report.StatusReader;
import org.activityloader.config.TopicBinding;
import org.activityloader.run.AutoCompaction;
import org.activityloader.run.CompactionResult;
import org.activityloader.run.GcWatchdog;
import org.activityloader.source.KafkaSource;
import org.activityloader.run.HeapExhaustedException;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;
import org.activityloader.source.Shard;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Load one job once: from the last loaded offsets to the end offsets seen at start, then exit (for cron).")
final class RunCommand implements Callable<Integer> {
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "write the run's metrics in Prometheus text format, atomically, for node_exporter's textfile collector"
                    + " (e.g. /var/lib/node_exporter/textfile/loader-activity.prom)")
    Path metricsFile;

    @Mixin
    ProgressOption progress;

    @Mixin
    ShardOption shard;

    @Override
    public Integer call() throws Exception {
        ProgressMode mode = progress.mode(command);
        try (StopOnSignal stop = new StopOnSignal(command.commandLine().getErr(), "run")) {
            return run(mode, stop);
        }
    }

    private int run(ProgressMode mode, StopOnSignal stop) throws Exception {
        Instant started = Instant.now();
        JobSpec spec = null;
        java.util.concurrent.CompletableFuture<KafkaSource> kafka = null;
        try (GcWatchdog gc = GcWatchdog.start()) {
            spec = job.load();
            Shard part = shard(spec);
            Instant loaded = Instant.now();
            // Kafka's client and the job's logs on a thread of their own while the catalog opens: both take round trips.
            kafka = KafkaSource.openAhead(spec.kafka(), Clock.systemUTC(), spec.topics().stream().map(TopicBinding::topic).toList());
            try (JobContext ctx = JobContext.open(spec)) {
                Instant opened = Instant.now();
                RunContext runContext = new RunContext(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                        Faults.fromSystemProperty(), stop::requested, mode, gc);
                RunSummary summary = new LoadRun(runContext, kafka, part).run();
                command.commandLine().getOut().println(summary.describe());
                AutoCompaction.after(runContext).flatMap(CompactionResult::runId).ifPresent(id -> command.commandLine().getOut()
                        .println("compaction " + id + ": merged the small files of complete hours (compaction: auto)"));
                if ("1".equals(System.getenv("LOADER_STAGE_TIMES"))) {
                    printStageTimes(started, loaded, opened, summary);
                }
                if (metricsFile != null) {
                    writeSuccess(ctx, summary);
                }
                return ExitCodes.OK;
            }
        } catch (Exception | OutOfMemoryError failure) {
            Exception e = failure instanceof OutOfMemoryError oom
                    ? new HeapExhaustedException("of job " + job.job, "it ran out of heap (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB: " + oom.getMessage() + ")", oom) : (Exception) failure;
            if (kafka != null) { // not handed to a run (the catalog did not open): closed here
                kafka.thenAccept(KafkaSource::close);
            }
            int exit = StopOnSignal.report(command.commandLine(), e);
            if (metricsFile != null && spec != null) {
                writeFailure(spec, RunOutcome.of(e), Duration.between(started, Instant.now()));
            }
            return exit;
        }
    }

    private Shard shard(JobSpec spec) {
        try {
            return shard.resolve(spec, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * Where the process's time went, on one stderr line (LOADER_STAGE_TIMES=1, for the bench):
     * from the JVM's start to this command, reading the job file, opening the catalog (and checking
     * its migrations), then the run's own stages.
     */
    private void printStageTimes(Instant started, Instant loaded, Instant opened, RunSummary summary) {
        StringBuilder sb = new StringBuilder("stage times:");
        // The JVM's own start time (ProcessHandle's is only as precise as the kernel's boot time: a second).
        Instant jvm = Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());
        sb.append(seconds("jvm start", Duration.between(jvm, started)));
        sb.append(seconds("config", Duration.between(started, loaded))).append(seconds("catalog open", Duration.between(loaded, opened)));
        summary.stages().forEach((stage, time) -> sb.append(seconds(stage, time)));
        PrintWriter err = command.commandLine().getErr();
        err.println(sb);
        err.flush();
    }

    private static String seconds(String stage, Duration d) {
        return String.format(java.util.Locale.ROOT, " %s=%.3f", stage.replace(' ', '_'), d.toNanos() / 1e9);
    }

    /** After the commit: metrics that cannot be written are a warning, not a failed run. */
    private void writeSuccess(JobContext ctx, RunSummary summary) {
        LoaderMetrics metrics = new LoaderMetrics();
        metrics.lastRun(summary.job(), RunOutcome.OK, summary.duration());
        try {
            metrics.catalogTotals(ctx.catalog(), summary.job());
            metrics.status(new StatusReader(ctx.catalog(), Clock.systemUTC()).read(ctx.spec(), LAG_TIMEOUT, 1));
        } catch (RuntimeException e) {
            command.commandLine().getErr().println("warning: the job's status for " + metricsFile + " could not be read: " + e.getMessage());
        }
        try {
            MetricsFile.write(metricsFile, metrics.scrape());
        } catch (IOException | RuntimeException e) {
            command.commandLine().getErr().println("warning: could not write " + metricsFile + ": " + e.getMessage());
        }
    }

    /**
     * A failed run still leaves its outcome for the alert rules, with the job's totals and its last
     * success when the catalog answers (what the run read is not committed, so not counted).
     */
    private void writeFailure(JobSpec spec, RunOutcome outcome, Duration took) {
        try {
            LoaderMetrics metrics = new LoaderMetrics();
            metrics.lastRun(spec.name(), outcome, took);
            try (JobContext ctx = JobContext.open(spec)) {
                metrics.catalogTotals(ctx.catalog(), spec.name());
                ctx.catalog().runs().lastSuccess(spec.name()).ifPresent(t -> metrics.lastSuccess(spec.name(), t));
            } catch (RuntimeException catalogDown) {
                // the outcome alone, then
            }
            MetricsFile.write(metricsFile, metrics.scrape());
        } catch (Exception e) {
            command.commandLine().getErr().println("warning: could not write " + metricsFile + ": " + e.getMessage());
        }
    }
}

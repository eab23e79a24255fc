package org.activityloader.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.activityloader.catalog.RunDao;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.metrics.MetricsFile;
import org.activityloader.report.StatusReader;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Load one job once: from the last loaded offsets to the end offsets seen at start, then exit (for cron).")
final class RunCommand implements Callable<Integer> {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration LAG_TIMEOUT = Duration.ofSeconds(5);

    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--metrics-file", paramLabel = "PATH",
            description = "write the run's metrics in Prometheus text format, atomically, for node_exporter's textfile collector"
                    + " (e.g. /var/lib/node_exporter/textfile/loader-activity.prom)")
    Path metricsFile;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines or none (default: ${DEFAULT-VALUE})")
    String progress;

    @Override
    public Integer call() throws Exception {
        ProgressMode mode;
        try {
            mode = ProgressMode.of(progress);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command.commandLine(), "--progress is auto, bar, lines or none, not " + progress);
        }
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        // SIGTERM (or Ctrl-C): ask the run to stop at its next safe point and wait until it has
        // ended and reported, so it commits nothing partial and cleans its staging before the JVM
        // exits. Not Thread.join on the runner: after call() the runner calls System.exit, which
        // blocks while hooks run, so a join would always wait out the whole grace period.
        Thread onSignal = new Thread(() -> {
            stop.set(true);
            PrintWriter err = command.commandLine().getErr();
            err.println("loader: stop requested by a signal: the run stops at its next safe point and commits nothing");
            err.flush();
            try {
                finished.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loader-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        Instant started = Instant.now();
        JobSpec spec = null;
        try {
            spec = job.load();
            Instant loaded = Instant.now();
            try (JobContext ctx = JobContext.open(spec)) {
                Instant opened = Instant.now();
                RunSummary summary = new LoadRun(new RunContext(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                        Faults.fromSystemProperty(), stop::get, mode)).run();
                command.commandLine().getOut().println(summary.describe());
                if ("1".equals(System.getenv("LOADER_STAGE_TIMES"))) {
                    printStageTimes(started, loaded, opened, summary);
                }
                if (metricsFile != null) {
                    LoaderMetrics metrics = new LoaderMetrics();
                    metrics.runSucceeded(summary);
                    metrics.status(new StatusReader(ctx.catalog(), Clock.systemUTC()).read(spec, LAG_TIMEOUT, 1));
                    MetricsFile.write(metricsFile, metrics.scrape());
                }
                return ExitCodes.OK;
            }
        } catch (Exception e) {
            // Reported here, before the latch opens: once it does, a JVM stopping on a signal halts.
            CommandLine cli = command.commandLine();
            int exit = cli.getExecutionExceptionHandler().handleExecutionException(e, cli, cli.getParseResult());
            if (metricsFile != null && spec != null) {
                writeFailure(spec, RunOutcome.of(e), Duration.between(started, Instant.now()));
            }
            return exit;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the latch is open
            }
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

    /** A failed run still leaves its outcome for the alert rules; what it read is not committed, so not counted. */
    private void writeFailure(JobSpec spec, RunOutcome outcome, Duration took) {
        try {
            LoaderMetrics metrics = new LoaderMetrics();
            metrics.runEnded(spec.name(), outcome, took);
            try (JobContext ctx = JobContext.open(spec)) {
                ctx.catalog().withDao(RunDao.class, d -> d.lastSuccess(spec.name())).ifPresent(t -> metrics.lastSuccess(spec.name(), t));
            } catch (RuntimeException catalogDown) {
                // the outcome alone, then
            }
            MetricsFile.write(metricsFile, metrics.scrape());
        } catch (Exception e) {
            command.commandLine().getErr().println("warning: could not write " + metricsFile + ": " + e.getMessage());
        }
    }
}

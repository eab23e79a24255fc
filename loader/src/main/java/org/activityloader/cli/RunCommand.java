package org.activityloader.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.fault.Faults;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "run", description = "Load one job once: from the last loaded offsets to the end offsets seen at start, then exit (for cron).")
final class RunCommand implements Callable<Integer> {
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
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
        try (JobContext ctx = JobContext.open(job.load())) {
            RunSummary summary = new LoadRun(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                    Faults.fromSystemProperty(), stop::get).run();
            command.commandLine().getOut().println(summary.describe());
            return ExitCodes.OK;
        } catch (Exception e) {
            // Reported here, before the latch opens: once it does, a JVM stopping on a signal halts.
            CommandLine cli = command.commandLine();
            return cli.getExecutionExceptionHandler().handleExecutionException(e, cli, cli.getParseResult());
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the latch is open
            }
        }
    }
}

package org.activityloader.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.Callable;
import org.activityloader.commit.Faults;
import org.activityloader.commit.JobRunner;
import org.activityloader.commit.RunSummary;
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
        AtomicBoolean done = new AtomicBoolean();
        Thread runner = Thread.currentThread();
        // SIGTERM (or Ctrl-C): ask the run to stop at its next safe point and wait for it, so it
        // commits nothing partial and cleans its staging before the JVM exits.
        Thread onSignal = new Thread(() -> {
            if (!done.get()) {
                stop.set(true);
                try {
                    runner.join(STOP_GRACE.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, "loader-stop");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try (JobContext ctx = JobContext.open(job.load())) {
            RunSummary summary = new JobRunner(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                    Faults.fromSystemProperty(), stop::get).run();
            command.commandLine().getOut().println(summary.describe());
        } finally {
            done.set(true);
        }
        return ExitCodes.OK;
    }
}

package org.activityloader.cli;

import java.time.Clock;
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
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            RunSummary summary = new JobRunner(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                    Faults.fromSystemProperty(), () -> false).run();
            command.commandLine().getOut().println(summary.describe());
        }
        return ExitCodes.OK;
    }
}

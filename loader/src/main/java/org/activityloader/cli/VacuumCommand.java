package org.activityloader.cli;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.admin.Vacuum;
import org.activityloader.config.ConfigValues;
import org.activityloader.config.JobKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "vacuum", description = "Delete files that backfills replaced, once they have been out of the partition folders"
        + " for the grace period (vacuum_grace); never a live file.")
final class VacuumCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--older-than", paramLabel = "DURATION", description = "grace period (default: the job's vacuum_grace, 24h)")
    String olderThan;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            Duration grace = ctx.spec().vacuumGrace();
            if (olderThan != null) {
                grace = ConfigValues.parseDuration(olderThan);
                if (grace == null || grace.isNegative()) {
                    throw new ParameterException(command.commandLine(), "--older-than: '" + olderThan + "' is not a duration; write e.g. 24h");
                }
            }
            List<String> done = new Vacuum(ctx.catalog(), ctx.storage(), Clock.systemUTC()).vacuum(ctx.spec().name(), grace);
            done.forEach(command.commandLine().getOut()::println);
            command.commandLine().getOut().println("vacuum " + ctx.spec().name() + ": deleted " + done.size()
                    + " replaced file(s), out of the partition folders for more than " + JobKeys.VACUUM_GRACE.type().format(grace));
        }
        return ExitCodes.OK;
    }
}

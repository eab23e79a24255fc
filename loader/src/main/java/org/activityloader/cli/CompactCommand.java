package org.activityloader.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.activityloader.config.ConfigValues;
import org.activityloader.config.JobSpec;
import org.activityloader.fault.Faults;
import org.activityloader.run.CompactionGroup;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionResult;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.GcWatchdog;
import org.activityloader.run.RunContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "compact", description = "Merge the small files of complete hours into files near a target size, in one commit;"
        + " the old files move to _replaced/ (vacuum deletes them). Loads and backfills go on beside it.")
final class CompactCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Mixin
    HourFilter filter;

    @Option(names = "--target-size", paramLabel = "SIZE", description = "merge files up to this size (default: output.max_file_size)")
    String targetSize;

    @Option(names = "--max-duration", paramLabel = "DURATION", defaultValue = "1h",
            description = "start no new merge after this long; what is merged by then is committed (default: ${DEFAULT-VALUE})")
    String maxDuration;

    @Option(names = "--dry-run", description = "print which files would be merged, change nothing")
    boolean dryRun;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        JobSpec spec = job.load();
        long target = spec.output().maxFileBytes();
        if (targetSize != null) {
            OptionalLong size = ConfigValues.parseSize(targetSize);
            if (size.isEmpty() || size.getAsLong() <= 0) {
                throw new ParameterException(command.commandLine(), "--target-size: '" + targetSize + "' is not a size; write e.g. 256MB");
            }
            target = size.getAsLong();
        }
        Duration budget = ConfigValues.parseDuration(maxDuration);
        if (budget == null || budget.isNegative() || budget.isZero()) {
            throw new ParameterException(command.commandLine(), "--max-duration: '" + maxDuration + "' is not a duration; write e.g. 10m");
        }
        CompactionRequest request = new CompactionRequest(filter.of(command, spec), target, dryRun, budget);
        try (StopOnSignal stop = new StopOnSignal(command.commandLine().getErr(), "compaction"); GcWatchdog gc = GcWatchdog.start();
             JobContext ctx = JobContext.open(spec)) {
            try {
                CompactionResult result = new CompactionRun(new RunContext(spec, ctx.catalog(), ctx.storage(), Clock.systemUTC(),
                        Faults.fromSystemProperty(), stop::requested, progress.mode(command), gc), request).run();
                print(spec, result, target);
                return ExitCodes.OK;
            } catch (Exception e) {
                return StopOnSignal.report(command.commandLine(), e);
            }
        }
    }

    private void print(JobSpec spec, CompactionResult r, long target) {
        PrintWriter out = command.commandLine().getOut();
        out.printf(Locale.ROOT, "compaction plan for job %s: %d group(s) of small files in complete hours, %d file(s), %,d records,"
                + " %.1f MB (target %s)%n", spec.name(), r.plan().groups().size(), r.plan().files(), r.plan().records(),
                r.plan().bytes() / 1e6, target % (1 << 20) == 0 ? (target >> 20) + "MB" : target + " bytes");
        if (dryRun) {
            for (CompactionGroup g : r.plan().groups()) {
                out.printf(Locale.ROOT, "  %s: %d files, %,d records, %.1f MB -> 1 file%n", g.key().label(), g.files().size(), g.records(),
                        g.bytes() / 1e6);
            }
            out.println("dry run: nothing was changed");
        } else {
            out.println(r.describe(spec.name()));
        }
        out.flush();
    }
}

package org.activityloader.demo;

import java.util.Locale;
import org.activityloader.bench.ConsumeOnly;
import org.activityloader.cli.AddedCommand;
import org.activityloader.cli.JobOptions;
import org.activityloader.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The benchmark's consume-only ceiling as a process of its own, as cron would start it (hidden: for loader bench). */
@Command(name = "consume", hidden = true, description = "Drain the job's topics as byte arrays, decoding and writing nothing (the bench's ceiling).")
public final class ConsumeCommand implements AddedCommand {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        ConsumeOnly.Drained drained = ConsumeOnly.drain(job.load(), Long.MAX_VALUE);
        command.commandLine().getOut().printf(Locale.ROOT, "consumed %d records (%d bytes) in %.3f s%n", drained.records(), drained.bytes(),
                (System.nanoTime() - start) / 1e9);
        return RunOutcome.OK.exitCode();
    }
}

package org.activityloader.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.admin.OffsetReset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset-offsets", description = "After a topic was deleted and recreated: start its partitions again from the"
        + " log start (or end), as a new offset epoch recorded in the catalog. Loaded files stay.")
final class ResetOffsetsCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--topic", required = true, description = "the recreated topic")
    String topic;

    @Option(names = "--to", defaultValue = "earliest", description = "earliest (load all it holds) or latest (skip it); default ${DEFAULT-VALUE}")
    String to;

    @Option(names = "--reason", description = "kept in the catalog's offset_reset table (default: topic recreated)")
    String reason;

    @Option(names = "--force", description = "reset a topic that was not recreated (its records load a second time, or are"
            + " skipped with --to latest); needs --reason")
    boolean force;

    @Override
    public Integer call() throws Exception {
        OffsetReset.Position position = switch (to) {
            case "earliest" -> OffsetReset.Position.EARLIEST;
            case "latest" -> OffsetReset.Position.LATEST;
            default -> throw new picocli.CommandLine.ParameterException(command.commandLine(), "--to is earliest or latest, not " + to);
        };
        if (force && (reason == null || reason.isBlank())) {
            throw new picocli.CommandLine.ParameterException(command.commandLine(), "--force needs --reason: say why the offsets of a"
                    + " topic that was not recreated are reset (it is kept in the catalog)");
        }
        try (JobContext ctx = JobContext.open(job.load())) {
            List<String> done = new OffsetReset(ctx.spec(), ctx.catalog(), Clock.systemUTC())
                    .reset(new OffsetReset.Request(topic, position, reason == null ? "topic recreated" : reason, force));
            done.forEach(command.commandLine().getOut()::println);
            command.commandLine().getOut().println(done.isEmpty() ? "nothing to reset: job " + ctx.spec().name()
                    + " never loaded " + topic : "reset " + done.size() + " partition(s) of " + topic);
        }
        return ExitCodes.OK;
    }
}

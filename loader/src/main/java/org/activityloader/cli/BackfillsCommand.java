package org.activityloader.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.catalog.BackfillRow;
import org.activityloader.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "backfills", description = "List a job's past backfills: when, who, why, which hours, records before and after.")
final class BackfillsCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            List<List<Object>> rows = new ArrayList<>();
            for (BackfillRow b : ctx.catalog().backfills().ofJob(ctx.spec().name())) {
                rows.add(List.of(b.runId(), b.requestedAt(), b.requestedBy(), b.reason(), b.hours(), b.oldRecords(), b.newRecords(),
                        b.notRebuilt() == null ? "" : b.notRebuilt()));
            }
            command.commandLine().getOut().print(new Table(List.of("backfill", "requested", "by", "reason", "hours", "old_records",
                    "new_records", "not_rebuilt"), rows).format());
        }
        return ExitCodes.OK;
    }
}

package org.activityloader.cli;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.admin.Repair;
import org.activityloader.report.DuplicateEvents;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "verify", description = "Audit a job: offsets loaded exactly once, every file present with its size and count, no stray files.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = "--repair", description = "finish or abort interrupted runs and remove files the catalog does not know;"
            + " refuses while the job is running")
    boolean repair;

    @Option(names = "--no-duplicate-ids", description = "skip the check for event ids held twice in an hour (it reads the"
            + " event_id column of every live file)")
    boolean noDuplicateIds;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            WarehouseAudit audit = new WarehouseAudit(ctx.catalog(), ctx.storage());
            if (repair) { // under the job's lease, from what it sees then: never from an audit made before
                new Repair(ctx.spec(), ctx.catalog(), ctx.storage(), Clock.systemUTC()).repair()
                        .forEach(a -> command.commandLine().getOut().println("repair: " + a));
            }
            List<Finding> findings = audit.verify(ctx.spec().name());
            findings.forEach(command.commandLine().getOut()::println);
            if (!noDuplicateIds) { // what Kafka held twice (producer retries, a forced reset): a warning, the loader stored it once
                new DuplicateEvents(ctx.catalog(), ctx.storage()).check(ctx.spec())
                        .forEach(w -> command.commandLine().getOut().println("warning: " + w));
            }
            command.commandLine().getOut().println(findings.isEmpty() ? "verify " + ctx.spec().name() + ": OK, no findings"
                    : "verify " + ctx.spec().name() + ": " + findings.size() + " finding(s)");
            return findings.isEmpty() ? ExitCodes.OK : ExitCodes.VERIFY_FINDINGS;
        }
    }
}

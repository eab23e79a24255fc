package org.activityloader.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

@Command(name = "verify", description = "Audit a job: offsets loaded exactly once, every file present with its size and count, no stray files.")
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Override
    public Integer call() throws Exception {
        try (JobContext ctx = JobContext.open(job.load())) {
            List<Finding> findings = new WarehouseAudit(ctx.catalog(), ctx.storage()).verify(ctx.spec().name());
            findings.forEach(command.commandLine().getOut()::println);
            command.commandLine().getOut().println(findings.isEmpty() ? "verify " + ctx.spec().name() + ": OK, no findings"
                    : "verify " + ctx.spec().name() + ": " + findings.size() + " finding(s)");
            return findings.isEmpty() ? ExitCodes.OK : ExitCodes.VERIFY_FINDINGS;
        }
    }
}

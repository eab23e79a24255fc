package org.activityloader.cli;

import java.util.concurrent.Callable;
import org.activityloader.report.Report;
import org.activityloader.report.ReportRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "report", description = "Run a report of sql/reports for a job: on the catalog, or with DuckDB over the published files.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Option(names = {"-r", "--report"}, required = true, paramLabel = "NAME",
            description = "report name; one of: ${COMPLETION-CANDIDATES}", completionCandidates = ReportNames.class)
    String name;

    @Override
    public Integer call() throws Exception {
        Report report = Report.load(name);
        try (JobContext ctx = JobContext.open(job.load())) {
            command.commandLine().getOut().print(new ReportRunner(ctx.catalog(), ctx.storage()).run(report, ctx.spec().name()).format());
        }
        return ExitCodes.OK;
    }

    static final class ReportNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Report.names().iterator();
        }
    }
}

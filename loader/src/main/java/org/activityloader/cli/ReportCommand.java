package org.activityloader.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.activityloader.report.Report;
import org.activityloader.report.ReportFormat;
import org.activityloader.report.ReportRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", description = "Run a report of sql/reports for a job: on the catalog, or with DuckDB over the files"
        + " live at one catalog version (the newest readable one, or --as-of). `loader reports` lists them.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "the report (or -r NAME)")
    String positionalName;

    @Option(names = {"-r", "--report"}, paramLabel = "NAME", description = "the report; one of: ${COMPLETION-CANDIDATES}",
            completionCandidates = ReportNames.class)
    String name;

    @Option(names = "--from", paramLabel = "TIME", description = "first event time, e.g. 2026-11-20T00:00:00Z")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the event times (exclusive)")
    String to;

    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "a parameter of the report (see loader reports)")
    Map<String, String> params = new LinkedHashMap<>();

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws Exception {
        String reportName = name != null ? name : positionalName;
        if (reportName == null) {
            throw new ParameterException(command.commandLine(), "name the report: loader report JOB NAME (loader reports lists them)");
        }
        ReportFormat fmt = output.format(command);
        Map<String, String> values = new LinkedHashMap<>(params);
        if (from != null) {
            values.put("from", from);
        }
        if (to != null) {
            values.put("to", to);
        }
        try (JobContext ctx = JobContext.open(job.load())) {
            try {
                output.write(command, new ReportRunner(ctx.catalog(), ctx.storage()).run(Report.load(reportName), ctx.spec(), values,
                        Optional.ofNullable(output.asOf)), fmt);
            } catch (IllegalArgumentException | IllegalStateException e) { // a parameter, a version, a warehouse it cannot read
                throw new ParameterException(command.commandLine(), e.getMessage());
            }
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

package org.activityloader.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.activityloader.report.ReportFormat;
import org.activityloader.report.ReportRunner;
import org.activityloader.report.SqlGuard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "sql", description = "Ad-hoc read-only SQL (DuckDB) over the job's files live at one catalog version: a view per"
        + " activity type and `activity` over all. No writes, COPY, ATTACH, INSTALL, LOAD or access to any other file.")
final class SqlCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Mixin
    JobOptions job;

    @Parameters(index = "1", arity = "0..1", paramLabel = "QUERY", description = "the query; read from the standard input when absent or -")
    String query;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() throws IOException {
        String sql = query == null || query.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : query;
        Optional<String> refused = SqlGuard.problem(sql);
        if (refused.isPresent()) {
            throw new ParameterException(command.commandLine(), refused.get());
        }
        ReportFormat fmt = output.format(command);
        try (JobContext ctx = JobContext.open(job.load())) {
            try {
                output.write(command, new ReportRunner(ctx.catalog(), ctx.storage()).sql(sql, ctx.spec(), Optional.ofNullable(output.asOf)),
                        fmt);
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ParameterException(command.commandLine(), e.getMessage().replace("Permission Error: ",
                        "refused: ").replace("file system operations are disabled by configuration",
                        "loader sql reads the job's files only"));
            }
        }
        return ExitCodes.OK;
    }
}

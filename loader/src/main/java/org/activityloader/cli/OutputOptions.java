package org.activityloader.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.io.PrintWriter;
import org.activityloader.report.AtomicFile;
import org.activityloader.report.PreparedQuery;
import org.activityloader.report.ReportFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How a report or a query is given back: its format, where it goes, and the catalog version it reads. */
final class OutputOptions {
    @Option(names = "--format", defaultValue = "table", paramLabel = "FORMAT", description = "table, csv, json or html (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "write to this file instead of the standard output")
    Path out;

    @Option(names = "--as-of", paramLabel = "VERSION", description = "read the files live at this catalog version")
    Long asOf;

    ReportFormat format(CommandSpec command) {
        try {
            return ReportFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--format is table, csv, json or html, not " + format);
        }
    }

    /**
     * The rows as they are read, to the standard output or to the file (saying where). A file is
     * written beside its name and renamed when complete: a query that fails half way leaves no
     * half an export that looks whole.
     */
    void write(CommandSpec command, PreparedQuery query, ReportFormat fmt) throws IOException {
        if (out == null) {
            PrintWriter stdout = command.commandLine().getOut();
            query.writeTo(fmt.writer(query.heading(), stdout));
            stdout.flush();
            return;
        }
        AtomicFile.write(out, file -> query.writeTo(fmt.writer(query.heading(), file)));
        command.commandLine().getOut().println("wrote " + out);
    }
}

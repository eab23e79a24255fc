package org.activityloader.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** To the file (saying where), or to the standard output. */
    void write(CommandSpec command, String text) throws IOException {
        if (out == null) {
            command.commandLine().getOut().print(text);
            return;
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        Files.writeString(out, text, StandardCharsets.UTF_8);
        command.commandLine().getOut().println("wrote " + out);
    }
}

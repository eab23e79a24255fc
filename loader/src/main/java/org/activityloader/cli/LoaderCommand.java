package org.activityloader.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code loader}: the entry point; each subcommand is its own class. */
@Command(name = "loader", mixinStandardHelpOptions = true, version = "activity warehouse loader 0.1.0",
        description = "Loads website activity from Kafka into hour-partitioned Parquet/Avro files with an exactly-once JDBC catalog.",
        subcommands = {RunCommand.class, VerifyCommand.class, StatusCommand.class, ReportCommand.class, ResetOffsetsCommand.class,
            DemoCommand.class, BenchCommand.class})
public final class LoaderCommand {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LoaderCommand());
        cli.setExitCodeExceptionMapper(new ExitCodes());
        // One line with the reason, no stack trace: cron mails and terminals stay readable.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            err.flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(e);
        });
        return cli;
    }
}

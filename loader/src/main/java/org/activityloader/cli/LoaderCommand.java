package org.activityloader.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.ServiceLoader;
import org.activityloader.config.OneLine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/**
 * {@code loader}: the entry point; each subcommand is its own class. Help and version options are
 * inherited by every subcommand ({@code scope = INHERIT}). The demo module's commands ({@code demo},
 * {@code bench}) join them when the launcher puts that module on the class path ({@link AddedCommand}).
 */
@Command(name = "loader", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = LoaderCommand.Version.class,
        description = "Loads website activity from Kafka into hour-partitioned Parquet/Avro files with an exactly-once JDBC catalog.",
        subcommands = {RunCommand.class, ScheduleCommand.class, BackfillCommand.class, BackfillsCommand.class, VacuumCommand.class,
            VerifyCommand.class, StatusCommand.class, ReportCommand.class, ReportsCommand.class, SqlCommand.class, ResetOffsetsCommand.class,
            HoursCommand.class, CompactCommand.class, SchemasCommand.class})
public final class LoaderCommand {
    public static void main(String[] args) {
        CommandLine cli = commandLine();
        // Autoflush on println, and a flush before exit for what was printed without a newline:
        // System.exit does not flush a PrintWriter, so output would be lost.
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        int exit = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exit);
    }

    /** The command model with its exit codes and error handling; also what a test drives. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new LoaderCommand());
        ServiceLoader.load(AddedCommand.class).forEach(cli::addSubcommand);
        cli.setExitCodeExceptionMapper(new ExitCodes());
        // Whatever a command printed reaches its reader when it ends, however it was started.
        cli.setExecutionStrategy(parsed -> {
            try {
                return new CommandLine.RunLast().execute(parsed);
            } finally {
                parsed.commandSpec().commandLine().getOut().flush();
                parsed.commandSpec().commandLine().getErr().flush();
            }
        });
        // One line with the reason, no stack trace: cron mails and terminals stay readable.
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            err.println("error: " + (e.getMessage() == null ? e.getClass().getSimpleName() : OneLine.of(e.getMessage())));
            err.flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(e);
        });
        // A wrong argument: the reason and where to find the usage, not the whole usage text.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine cmd = e.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println("error: " + e.getMessage());
            err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
            err.flush();
            return ExitCodes.BAD_CONFIG;
        });
        return cli;
    }

    /** The version the build wrote into loader-version.properties. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = LoaderCommand.class.getResourceAsStream("/loader-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"activity warehouse loader " + p.getProperty("version", "(unknown version)")};
        }
    }
}

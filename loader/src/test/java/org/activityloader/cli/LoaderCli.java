package org.activityloader.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code loader} commands in this JVM, as cron would call them, capturing output and exit code. */
final class LoaderCli {
    private LoaderCli() {
    }

    record Result(int exit, String out, String err) {
    }

    static Result loader(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = LoaderCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}

package org.activityloader.cli;

import org.activityloader.run.ProgressMode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How a long command shows how far it has read. */
final class ProgressOption {
    @Option(names = "--progress", defaultValue = "auto", paramLabel = "MODE",
            description = "auto (a bar on a terminal, lines otherwise), bar, lines or none (default: ${DEFAULT-VALUE})")
    String progress;

    /** Checked before anything is opened: a wrong value is a usage error (exit 2). */
    ProgressMode mode(CommandSpec command) {
        try {
            return ProgressMode.of(progress);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), "--progress is auto, bar, lines or none, not " + progress);
        }
    }
}

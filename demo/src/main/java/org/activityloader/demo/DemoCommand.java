package org.activityloader.demo;

import java.nio.file.Path;
import org.activityloader.cli.AddedCommand;
import org.activityloader.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Start an embedded Kafka broker, produce activity traffic, load it twice, verify, and show what was loaded.")
public final class DemoCommand implements AddedCommand {
    @Spec
    CommandSpec command;

    @Option(names = "--data-dir", defaultValue = "demo-data", description = "reset and used for everything (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--job", defaultValue = "${env:LOADER_JOBS_DIR:-jobs}/activity.yaml", description = "job file (default: ${DEFAULT-VALUE})")
    Path jobFile;

    @Option(names = "--events", defaultValue = "200000", description = "events before the first run (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--more-events", defaultValue = "50000", description = "events before the second run (default: ${DEFAULT-VALUE})")
    long moreEvents;

    @Override
    public Integer call() throws Exception {
        return new Demo(dataDir, jobFile, events, moreEvents, command.commandLine().getOut()).run() ? RunOutcome.OK.exitCode() : RunOutcome.FAILED.exitCode();
    }
}

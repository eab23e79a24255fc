package org.activityloader.demo;

import java.nio.file.Path;
import org.activityloader.bench.Benchmark;
import org.activityloader.cli.AddedCommand;
import org.activityloader.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = "Measure the full run against a consume-only drain of the same events on an embedded broker.")
public final class BenchCommand implements AddedCommand {
    @Spec
    CommandSpec command;

    @Option(names = "--events", defaultValue = "2000000", description = "events per measured pass (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--format", defaultValue = "parquet", description = "parquet or avro (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--scaling", description = "also time full runs over N, 2N, 4N and 8N events")
    boolean scaling;

    @Option(names = "--events-shape", defaultValue = "wide",
            description = "wide (~500-byte events as sites send them: URLs with ids and tags, referrers, user agents, millions of"
                    + " users) or compact (~250 bytes, values from small sets, no user agent or referrer) (default: ${DEFAULT-VALUE})")
    String shape;

    @Option(names = "--data-dir", defaultValue = "bench-data", description = "reset and used for everything (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--job", defaultValue = "${env:LOADER_JOBS_DIR:-jobs}/activity.yaml", description = "job file (default: ${DEFAULT-VALUE})")
    Path jobFile;

    @Override
    public Integer call() throws Exception {
        if (!shape.equals("compact") && !shape.equals("wide")) {
            throw new ParameterException(command.commandLine(), "--events-shape must be wide or compact, not " + shape);
        }
        new Benchmark(dataDir, jobFile, format, command.commandLine().getOut()).run(events, scaling, shape.equals("compact"));
        return RunOutcome.OK.exitCode();
    }
}

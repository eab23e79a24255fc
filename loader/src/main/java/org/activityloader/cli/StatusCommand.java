package org.activityloader.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.activityloader.config.ConfigValues;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import org.activityloader.report.JobStatus;
import org.activityloader.report.StatusReader;
import org.activityloader.report.StatusView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show how jobs are doing: per partition the next offset, Kafka's end offset and the lag"
        + " in records and in time; the last runs; dead letters and offset gaps of the last 24 hours; the next scheduled firing.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Parameters(index = "0", arity = "0..1", paramLabel = "JOB", description = "job name or job file; every job in the jobs folder when none")
    String job;

    @Option(names = "--json", description = "one JSON document for machines (its shape is in the README)")
    boolean json;

    @Option(names = "--runs", defaultValue = "10", description = "how many recent runs (default: ${DEFAULT-VALUE})")
    int runs;

    @Option(names = "--kafka-timeout", defaultValue = "5s", paramLabel = "DURATION",
            description = "give up on Kafka after this, showing the catalog's side (default: ${DEFAULT-VALUE}; a run waits kafka.request_timeout)")
    String kafkaTimeout;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a job setting, e.g. --set catalog.url=...")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "${env:LOADER_JOBS_DIR:-jobs}",
            description = "folder of job files (default: ${DEFAULT-VALUE})")
    Path jobsDir;

    @Override
    public Integer call() throws Exception {
        Duration timeout = ConfigValues.parseDuration(kafkaTimeout);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new ParameterException(command.commandLine(), "--kafka-timeout: '" + kafkaTimeout + "' is not a duration; write e.g. 5s");
        }
        JobLoader loader = new JobLoader(jobsDir, System.getenv());
        List<String> names = job != null ? List.of(job) : loader.jobNames();
        List<JobStatus> statuses = new ArrayList<>();
        for (String name : names) {
            JobSpec spec = loader.load(name, overrides);
            try (JobContext ctx = JobContext.open(spec)) {
                statuses.add(new StatusReader(ctx.catalog(), Clock.systemUTC()).read(spec, timeout, runs));
            }
        }
        PrintWriter out = command.commandLine().getOut();
        if (json) {
            out.print(StatusView.json(statuses));
        } else {
            for (int i = 0; i < statuses.size(); i++) {
                out.print((i == 0 ? "" : System.lineSeparator()) + StatusView.text(statuses.get(i)));
            }
            if (statuses.isEmpty()) {
                out.println("no job files in " + jobsDir);
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}

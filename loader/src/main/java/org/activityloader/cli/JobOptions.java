package org.activityloader.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The job a command works on: its name or file, plus one-run overrides. */
public final class JobOptions {
    @Parameters(index = "0", paramLabel = "JOB", description = "job name in the jobs folder, or path to a job .yaml file")
    String job;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a job setting for this run, e.g. --set output.warehouse=/tmp/wh")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--jobs-dir", paramLabel = "DIR", defaultValue = "${env:LOADER_JOBS_DIR:-jobs}",
            description = "folder of job files (default: ${DEFAULT-VALUE})")
    Path jobsDir;

    public JobSpec load() {
        return new JobLoader(jobsDir, System.getenv()).load(job, overrides);
    }
}

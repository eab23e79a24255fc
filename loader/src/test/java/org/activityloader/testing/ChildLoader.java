package org.activityloader.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;

/**
 * Runs {@code loader} commands in a child JVM (same class path as the tests), for tests that kill,
 * halt, stop or race real processes. The job is written as a job file, as an operator would.
 */
public final class ChildLoader {
    private ChildLoader() {
    }

    /** Writes the job as a YAML job file in {@code dir}; {@code extra} lines are appended as they are. */
    public static Path writeJobFile(Path dir, JobSpec job, String... extra) throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "name: " + job.name(),
                "kafka:",
                "  bootstrap_servers: " + job.kafka().bootstrapServers(),
                "  request_timeout: " + job.kafka().requestTimeout().toMillis() + "ms",
                "topics:"));
        for (TopicBinding t : job.topics()) {
            lines.add("  - {topic: " + t.topic() + ", activity_type: " + t.activityType() + "}");
        }
        lines.addAll(List.of(
                "schemas: " + job.schemasDir(),
                "event_time:",
                "  max_past: " + job.eventTime().maxPast().toMillis() + "ms",
                "  max_future: " + job.eventTime().maxFuture().toMillis() + "ms",
                "output:",
                "  warehouse: " + job.output().warehouse(),
                "  format: " + job.output().format().extension(),
                "  row_group_size: " + job.output().rowGroupBytes(),
                "catalog:",
                "  url: \"" + job.catalog().url() + "\"",
                "  user: " + job.catalog().user(),
                "lease_timeout: " + job.leaseTimeout().toMillis() + "ms"));
        lines.addAll(List.of(extra));
        Path file = dir.resolve(job.name() + ".yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    /**
     * Starts {@code loader <args>} in a child JVM; its output goes to {@code log}.
     *
     * @param fault value of {@code -Dloader.fault} (e.g. {@code AFTER_SEAL:halt}), or null
     */
    public static Process start(Path log, String fault, String... args) throws IOException {
        return startMain(log, fault, "org.activityloader.cli.LoaderCommand", args);
    }

    /** Starts the main class in a child JVM with the tests' class path; its output goes to {@code log}. */
    public static Process startMain(Path log, String fault, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // Quick start-up matters more than peak speed for these short-lived runs.
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path")));
        if (fault != null) {
            command.add("-Dloader.fault=" + fault);
        }
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits for the child to end (failing the test after the timeout) and returns its exit code. */
    public static int await(Process child, int timeoutSeconds) throws InterruptedException {
        if (!child.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("child loader did not finish within " + timeoutSeconds + " s");
        }
        return child.exitValue();
    }

    /** Waits until the child's log contains the text (e.g. "fault point AFTER_SEAL reached"). */
    public static void awaitLog(Path log, String text, int timeoutSeconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("'" + text + "' not in the child's log within " + timeoutSeconds + " s:\n"
                + (Files.exists(log) ? Files.readString(log) : "(no log)"));
    }
}

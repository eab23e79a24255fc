package org.activityloader.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.activityloader.config.JobKey;
import org.activityloader.config.JobKeys;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.TopicFormat;

/**
 * Runs {@code loader} commands in a child JVM (same class path as the tests), for tests that kill,
 * halt, stop or race real processes. The job is written as a job file, as an operator would.
 */
public final class ChildLoader {
    private static final YAMLMapper YAML = new YAMLMapper();
    /** One per test JVM: its children share its class path, so one archive serves them all. */
    private static final ClassArchive CLASSES = new ClassArchive(Path.of("target"), System.getProperty("java.class.path"));

    private ChildLoader() {
    }

    /**
     * Writes the job as a YAML job file in {@code dir}, as an operator would: every key of
     * {@link JobKeys} whose value differs from its default, from the key's own getter. {@code extra}
     * lines are YAML merged over it (e.g. {@code "limits:", "  max_records: 5000"}, or a misspelt key).
     */
    public static Path writeJobFile(Path dir, JobSpec job, String... extra) throws IOException {
        ObjectNode root = YAML.createObjectNode();
        for (JobKey<?> key : JobKeys.ALL) {
            if (!key.scalar()) {
                continue;
            }
            Optional<String> text = key.textIn(job);
            if (text.isPresent() && !text.equals(Optional.ofNullable(key.defaultText()))) {
                put(root, key.path(), text.get());
            }
        }
        ArrayNode topics = root.putArray("topics");
        for (TopicBinding t : job.topics()) {
            ObjectNode binding = topics.addObject().put("topic", t.topic()).put("activity_type", t.activityType());
            if (t.format() != TopicFormat.JSON) {
                binding.put("format", t.format().value());
            }
        }
        job.kafka().properties().forEach((k, v) -> ((ObjectNode) root.with("kafka")).with("properties").put(k, v));
        if (YAML.readTree(String.join("\n", extra)) instanceof ObjectNode more) {
            merge(root, more);
        }
        Path file = dir.resolve(job.name() + ".yaml");
        Files.writeString(file, YAML.writeValueAsString(root));
        return file;
    }

    private static void put(ObjectNode root, String path, String value) {
        String[] steps = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < steps.length - 1; i++) {
            node = node.with(steps[i]);
        }
        node.put(steps[steps.length - 1], value);
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        from.fields().forEachRemaining(e -> {
            if (e.getValue() instanceof ObjectNode child && into.get(e.getKey()) instanceof ObjectNode existing) {
                merge(existing, child);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        });
    }

    /**
     * Starts {@code loader <args>} in a child JVM; its output goes to {@code log}.
     *
     * @param fault value of {@code -Dloader.fault} (e.g. {@code AFTER_SEAL:halt}), or null
     */
    public static Process start(Path log, String fault, String... args) throws IOException {
        return startMain(log, fault, "org.activityloader.cli.LoaderCommand", args);
    }

    /** {@code loader <args>} in a child JVM with these system properties (e.g. what a test's Hadoop configuration reads). */
    public static Process start(Path log, String fault, Map<String, String> properties, String... args) throws IOException {
        return startMain(log, fault, "512m", properties, "org.activityloader.cli.LoaderCommand", args);
    }

    /** Starts the main class in a child JVM with the tests' class path; its output goes to {@code log}. */
    public static Process startMain(Path log, String fault, String mainClass, String... args) throws IOException {
        return startMain(log, fault, "512m", Map.of(), mainClass, args);
    }

    /** {@code loader <args>} in a child JVM of the given heap ({@code -Xmx}), e.g. to show a result larger than it passes. */
    public static Process startWithHeap(Path log, String heap, String... args) throws IOException {
        return startMain(log, null, heap, Map.of(), "org.activityloader.cli.LoaderCommand", args);
    }

    private static Process startMain(Path log, String fault, String heap, Map<String, String> properties, String mainClass,
                                     String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                // Quick start-up matters more than peak speed for these short-lived runs.
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        if (fault != null) {
            command.add("-Dloader.fault=" + fault);
        }
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        List<String> main = new ArrayList<>(List.of(mainClass));
        main.addAll(List.of(args));
        return CLASSES.start(command, main, log);
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
    public static void awaitLog(Path log, String text, int timeoutSeconds) throws Exception {
        Await.await(() -> Files.exists(log) && Files.readString(log).contains(text) ? Optional.of(text) : Optional.empty(),
                Duration.ofSeconds(timeoutSeconds), () -> "'" + text + "' in the child's log:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}

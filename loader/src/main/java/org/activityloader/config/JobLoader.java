package org.activityloader.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Finds and reads a job file (YAML), applies the overrides, and has {@link JobSpecReader} make a
 * validated {@link JobSpec} of it.
 *
 * <p>Any scalar key can be overridden for one run, first by an environment variable
 * ({@code LOADER_} + the key path in upper case with dots as underscores, e.g.
 * {@code LOADER_KAFKA_BOOTSTRAP_SERVERS}), then by {@code --set key=value}. Client properties
 * take {@code --set kafka.properties.<name>=value}.
 */
public final class JobLoader {
    private static final String PROPERTIES_PREFIX = "kafka.properties.";

    private final Path jobsDir;
    private final Map<String, String> environment;
    private final SecretSources secrets;

    /**
     * @param jobsDir     where a bare job name is looked up as {@code <name>.yaml}
     * @param environment the process environment (injected so tests can supply their own)
     */
    public JobLoader(Path jobsDir, Map<String, String> environment) {
        this.jobsDir = jobsDir;
        this.environment = Map.copyOf(environment);
        this.secrets = new SecretSources(environment);
    }

    /** The names of the job files in the jobs folder ({@code <name>.yaml} or {@code .yml}), sorted. */
    public List<String> jobNames() {
        try (java.util.stream.Stream<Path> files = Files.list(jobsDir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .map(n -> n.replaceFirst("\\.ya?ml$", "")).sorted().distinct().toList();
        } catch (IOException e) {
            throw new ConfigException(jobsDir.toString(), "(folder)", "cannot list the job files: " + e.getMessage()
                    + "; give --jobs-dir or LOADER_JOBS_DIR");
        }
    }

    private List<String> knownJobs() {
        try {
            List<String> names = jobNames();
            return names.isEmpty() ? List.of("(none)") : names;
        } catch (ConfigException e) {
            return List.of("(the folder cannot be listed)");
        }
    }

    /** The job file for a name in the jobs folder or a path to a file. */
    public Path resolve(String job) {
        if (job.endsWith(".yaml") || job.endsWith(".yml") || job.contains("/")) {
            return Path.of(job);
        }
        Path yaml = jobsDir.resolve(job + ".yaml");
        return Files.exists(yaml) ? yaml : jobsDir.resolve(job + ".yml");
    }

    public JobSpec load(String job, Map<String, String> overrides) {
        Path file = resolve(job);
        String fileName = file.toString();
        if (!Files.isRegularFile(file)) {
            boolean named = !(job.endsWith(".yaml") || job.endsWith(".yml") || job.contains("/"));
            throw new ConfigException(named ? jobsDir.resolve(job + ".yaml").toString() : fileName, "(file)", "no such job file; "
                    + (named ? "job names are the files of " + jobsDir + ": " + String.join(", ", knownJobs())
                    : "give the path of a job file, or a job name from " + jobsDir));
        }
        JsonNode tree;
        try {
            tree = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (JacksonException e) {
            throw new ConfigException(fileName, "(syntax)", "not valid YAML at line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(fileName, "(file)", "cannot be read: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(fileName, "(root)", "a job file is a YAML mapping of keys; see jobs/activity.yaml");
        }
        ObjectNode root = (ObjectNode) tree;
        applyOverrides(fileName, root, environmentOverrides(), "environment variable");
        applyOverrides(fileName, root, overrides, "--set");
        String defaultName = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return new JobSpecReader(secrets).read(fileName, file.toAbsolutePath().getParent(), defaultName,
                new YamlSection(fileName, "", root));
    }

    private Map<String, String> environmentOverrides() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JobKey<?> key : JobKeys.scalars()) {
            String value = environment.get(key.environmentVariable());
            if (value != null) {
                out.put(key.path(), value);
            }
        }
        return out;
    }

    public static String environmentVariable(String key) {
        return "LOADER_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
    }

    private static void applyOverrides(String file, ObjectNode root, Map<String, String> overrides, String origin) {
        overrides.forEach((key, value) -> {
            List<String> path;
            if (key.startsWith(PROPERTIES_PREFIX) && key.length() > PROPERTIES_PREFIX.length()) {
                path = List.of("kafka", "properties", key.substring(PROPERTIES_PREFIX.length()));
            } else if (JobKeys.byPath(key).filter(JobKey::scalar).isPresent()) {
                path = List.of(key.split("\\."));
            } else {
                throw new ConfigException(file, key, "cannot be set by " + origin + "; the keys that can are "
                        + String.join(", ", JobKeys.scalars().stream().map(JobKey::path).toList()) + " and kafka.properties.<name>");
            }
            ObjectNode node = root;
            for (String step : path.subList(0, path.size() - 1)) {
                JsonNode child = node.get(step);
                node = child instanceof ObjectNode o ? o : node.putObject(step);
            }
            node.put(path.get(path.size() - 1), value);
        });
    }
}

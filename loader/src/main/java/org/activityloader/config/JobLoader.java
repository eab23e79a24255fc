package org.activityloader.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a job file (YAML) into a validated {@link JobSpec}.
 *
 * <p>Any scalar key can be overridden for one run, first by an environment variable
 * ({@code LOADER_} + the key path in upper case with dots as underscores, e.g.
 * {@code LOADER_KAFKA_BOOTSTRAP_SERVERS}), then by {@code --set key=value}. Client properties
 * take {@code --set kafka.properties.<name>=value}.
 */
public final class JobLoader {
    private static final String PROPERTIES_PREFIX = "kafka.properties.";
    private static final Pattern SECRET_REF = Pattern.compile("\\$\\{(env|file):([^}]+)}");
    private static final Pattern ACTIVITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /** A URI scheme of two or more characters (one letter is a Windows drive, i.e. a path). */
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Path jobsDir;
    private final Map<String, String> environment;

    /**
     * @param jobsDir     where a bare job name is looked up as {@code <name>.yaml}
     * @param environment the process environment (injected so tests can supply their own)
     */
    public JobLoader(Path jobsDir, Map<String, String> environment) {
        this.jobsDir = jobsDir;
        this.environment = Map.copyOf(environment);
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
        return parse(fileName, file.toAbsolutePath().getParent(), defaultName, root);
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

    private JobSpec parse(String file, Path baseDir, String defaultName, ObjectNode root) {
        JobValues v = new JobValues(new YamlSection(file, "", root));
        String name = v.optional(JobKeys.NAME).orElse(defaultName);
        if (!JOB_NAME.matcher(name).matches()) {
            throw v.error(JobKeys.NAME, "'" + name + "' is not a job name; use letters, digits, '_', '-' or '.'");
        }
        KafkaSpec kafka = new KafkaSpec(v.get(JobKeys.KAFKA_BOOTSTRAP_SERVERS), clientProperties(v.section("kafka")),
                v.get(JobKeys.KAFKA_REQUEST_TIMEOUT));
        Path schemasDir = baseDir.resolve(v.get(JobKeys.SCHEMAS)).normalize();
        List<TopicBinding> topics = topics(v.root(), schemasDir);
        EventTimeSpec time = new EventTimeSpec(v.get(JobKeys.EVENT_TIME_FIELD), v.get(JobKeys.EVENT_TIME_ZONE),
                v.get(JobKeys.EVENT_TIME_MAX_PAST), v.get(JobKeys.EVENT_TIME_MAX_FUTURE));
        OutputSpec output = new OutputSpec(
                warehouse(v, v.get(JobKeys.OUTPUT_WAREHOUSE)),
                v.get(JobKeys.OUTPUT_FORMAT),
                v.get(JobKeys.OUTPUT_COMPRESSION),
                v.get(JobKeys.OUTPUT_ROW_GROUP_SIZE),
                v.get(JobKeys.OUTPUT_MAX_FILE_SIZE),
                (int) Math.min(Integer.MAX_VALUE, v.get(JobKeys.OUTPUT_MAX_OPEN_FILES)));
        String url = v.get(JobKeys.CATALOG_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw v.error(JobKeys.CATALOG_URL, "'" + url + "' is not a supported catalog; use jdbc:h2:... or jdbc:postgresql:...");
        }
        java.util.regex.Matcher delay = Pattern.compile("(?i);WRITE_DELAY=(\\d+)").matcher(url);
        if (url.startsWith("jdbc:h2:") && delay.find() && !delay.group(1).equals("0")) {
            throw v.error(JobKeys.CATALOG_URL, "WRITE_DELAY=" + delay.group(1) + " lets H2 lose commits when the process dies;"
                    + " remove it (the loader sets WRITE_DELAY=0)");
        }
        java.util.regex.Matcher retention = Pattern.compile("(?i);RETENTION_TIME=(\\d+)").matcher(url);
        if (url.startsWith("jdbc:h2:") && retention.find() && !retention.group(1).equals("2147483647")) {
            throw v.error(JobKeys.CATALOG_URL, "RETENTION_TIME=" + retention.group(1) + " lets H2 lose the last commits of a process"
                    + " killed while it serves the file; remove it (the loader sets RETENTION_TIME=2147483647)");
        }
        CatalogSpec catalog = new CatalogSpec(url, v.optional(JobKeys.CATALOG_USER).orElse(""), password(v));
        RunLimits limits = new RunLimits(
                v.optional(JobKeys.LIMITS_MAX_RECORDS).orElse(Long.MAX_VALUE),
                v.optional(JobKeys.LIMITS_MAX_BYTES).orElse(Long.MAX_VALUE),
                v.get(JobKeys.LIMITS_MAX_DURATION),
                v.get(JobKeys.LIMITS_MAX_EVENT_SIZE),
                v.get(JobKeys.LIMITS_MAX_REJECT_RATIO));
        GapPolicy onGap = v.get(JobKeys.ON_GAP);
        Duration lease = v.get(JobKeys.LEASE_TIMEOUT);
        Optional<String> schedule = v.optional(JobKeys.SCHEDULE);
        ZoneId scheduleZone = v.get(JobKeys.SCHEDULE_ZONE);
        Duration vacuumGrace = v.get(JobKeys.VACUUM_GRACE);
        v.rejectUnknownKeys();
        return new JobSpec(name, file, kafka, topics, time, schemasDir, output, catalog, limits, onGap, lease, schedule,
                scheduleZone, vacuumGrace);
    }

    /**
     * Client properties, with secrets kept out of the job file: a value {@code ${env:NAME}} is
     * read from the environment and {@code ${file:/path}} from a file (e.g. sasl.jaas.config).
     */
    private Map<String, String> clientProperties(YamlSection kafkaSection) {
        Map<String, String> props = new java.util.LinkedHashMap<>();
        kafkaSection.stringMap("properties").forEach((key, value) -> {
            java.util.regex.Matcher ref = SECRET_REF.matcher(value.trim());
            if (!ref.matches()) {
                props.put(key, value);
            } else if (ref.group(1).equals("env")) {
                props.put(key, fromEnvironment(kafkaSection, "properties." + key, ref.group(2), "export it"));
            } else {
                props.put(key, fromFile(kafkaSection, "properties." + key, ref.group(2)));
            }
        });
        return props;
    }

    private static List<TopicBinding> topics(YamlSection top, Path schemasDir) {
        List<YamlSection> items = top.list("topics");
        if (items.isEmpty()) {
            throw top.error("topics", "missing; " + JobKeys.TOPICS.requiredFix());
        }
        List<TopicBinding> topics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (YamlSection item : items) {
            String topic = item.requiredString("topic", "name the Kafka topic");
            String type = item.requiredString("activity_type", "name the schema in " + schemasDir + " this topic's events follow");
            if (!ACTIVITY_TYPE.matcher(type).matches()) {
                throw item.error("activity_type", "'" + type + "' is not an activity type; use lower case letters, digits and '_'");
            }
            if (!Files.isRegularFile(schemasDir.resolve(type + ".avsc"))) {
                throw item.error("activity_type", "no schema " + schemasDir.resolve(type + ".avsc")
                        + "; add it or fix the name (or set 'schemas' to the folder of the .avsc files)");
            }
            SchemaFiles.read(schemasDir, type); // before anything is touched: a broken schema is bad configuration
            if (!seen.add(topic)) {
                throw item.error("topic", "'" + topic + "' is listed twice");
            }
            item.rejectUnknownKeys();
            topics.add(new TopicBinding(topic, type));
        }
        return topics;
    }

    private static URI warehouse(JobValues v, String text) {
        if (!URI_SCHEME.matcher(text).matches()) { // a bare path (or a Windows drive): may hold spaces, '#', ...
            try {
                return Path.of(text).toAbsolutePath().normalize().toUri();
            } catch (java.nio.file.InvalidPathException e) {
                throw v.error(JobKeys.OUTPUT_WAREHOUSE, "'" + text + "' is not a path: " + e.getReason());
            }
        }
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw v.error(JobKeys.OUTPUT_WAREHOUSE, "'" + text + "' is not a URI: " + e.getReason()
                    + "; write e.g. hdfs://namenode/warehouse, or a plain folder path");
        }
    }

    private Secret password(JobValues v) {
        YamlSection cat = v.section("catalog");
        Optional<String> env = v.optional(JobKeys.CATALOG_PASSWORD_ENV);
        Optional<String> file = v.optional(JobKeys.CATALOG_PASSWORD_FILE);
        if (env.isPresent() && file.isPresent()) {
            throw v.error(JobKeys.CATALOG_PASSWORD_ENV, "give either password_env or password_file, not both");
        }
        if (env.isPresent()) {
            if (!ENV_NAME.matcher(env.get()).matches()) { // not echoed: it may be the password itself
                throw v.error(JobKeys.CATALOG_PASSWORD_ENV, "is not the name of an environment variable (letters, digits, '_'); "
                        + "put the variable's name here, e.g. LOADER_CATALOG_PASSWORD, never the password");
            }
            return new Secret(fromEnvironment(cat, "password_env", env.get(), "export it or use password_file"));
        }
        return file.map(path -> new Secret(fromFile(cat, "password_file", path))).orElse(Secret.NONE);
    }

    /** A secret from an environment variable; {@code fix} says what to do when it is not set. */
    private String fromEnvironment(YamlSection section, String key, String variable, String fix) {
        String value = environment.get(variable);
        if (value == null) {
            throw section.error(key, "environment variable " + variable + " is not set; " + fix);
        }
        return value;
    }

    /** A secret from a file, without its trailing newline. */
    private static String fromFile(YamlSection section, String key, String path) {
        try {
            return Files.readString(Path.of(path)).strip();
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw section.error(key, "cannot read " + path + " (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions");
        }
    }
}

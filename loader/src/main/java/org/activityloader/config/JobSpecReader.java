package org.activityloader.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a job file's keys, its overrides applied, into a validated {@link JobSpec}, section by
 * section: each value checked by its key's type and then for what the sections need (a job name, a
 * schema per topic, a warehouse URI, a catalog that keeps its commits); any key the file has and no
 * {@link JobKey} defines is refused.
 */
final class JobSpecReader {
    private static final Pattern ACTIVITY_TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    /** A URI scheme of two or more characters (one letter is a Windows drive, i.e. a path). */
    private static final Pattern URI_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);
    private static final Pattern H2_WRITE_DELAY = Pattern.compile("(?i);WRITE_DELAY=(\\d+)");
    private static final Pattern H2_RETENTION_TIME = Pattern.compile("(?i);RETENTION_TIME=(\\d+)");

    private final SecretSources secrets;

    JobSpecReader(SecretSources secrets) {
        this.secrets = secrets;
    }

    /**
     * @param file        the job file, for messages and as the spec's source
     * @param baseDir     what a relative {@code schemas} folder is relative to: the job file's folder
     * @param defaultName the job's name when the file gives none: the file's name
     */
    JobSpec read(String file, Path baseDir, String defaultName, YamlSection root) {
        JobValues v = new JobValues(root);
        String name = v.optional(JobKeys.NAME).orElse(defaultName);
        if (!JOB_NAME.matcher(name).matches()) {
            throw v.error(JobKeys.NAME, "'" + name + "' is not a job name; use letters, digits, '_', '-' or '.'");
        }
        String group = v.optional(JobKeys.KAFKA_COMMIT_GROUP).orElse("loader-" + name).strip();
        if (group.isEmpty()) {
            throw v.error(JobKeys.KAFKA_COMMIT_GROUP, "is empty; name a consumer group, or write none");
        }
        KafkaSpec kafka = new KafkaSpec(v.get(JobKeys.KAFKA_BOOTSTRAP_SERVERS), secrets.clientProperties(v.section("kafka")),
                v.get(JobKeys.KAFKA_REQUEST_TIMEOUT), group.equals("none") ? Optional.empty() : Optional.of(group),
                v.optional(JobKeys.DEAD_LETTERS_TOPIC).map(String::strip));
        Path schemasDir = baseDir.resolve(v.get(JobKeys.SCHEMAS)).normalize();
        List<TopicBinding> topics = topics(v.root(), schemasDir);
        EventTimeSpec time = new EventTimeSpec(v.get(JobKeys.EVENT_TIME_FIELD), v.get(JobKeys.EVENT_TIME_ZONE),
                v.get(JobKeys.EVENT_TIME_MAX_PAST), v.get(JobKeys.EVENT_TIME_MAX_FUTURE));
        OutputSpec output = output(v);
        CatalogSpec catalog = new CatalogSpec(catalogUrl(v), v.optional(JobKeys.CATALOG_USER).orElse(""), secrets.password(v));
        RunLimits limits = limits(v);
        GapPolicy onGap = v.get(JobKeys.ON_GAP);
        Duration lease = v.get(JobKeys.LEASE_TIMEOUT);
        Optional<String> schedule = v.optional(JobKeys.SCHEDULE);
        ZoneId scheduleZone = v.get(JobKeys.SCHEDULE_ZONE);
        Duration vacuumGrace = v.get(JobKeys.VACUUM_GRACE);
        HourSpec hours = new HourSpec(v.get(JobKeys.ALLOWED_LATENESS), v.get(JobKeys.COMPACTION));
        int shards = v.get(JobKeys.SHARDS).intValue();
        v.rejectUnknownKeys();
        return new JobSpec(name, file, kafka, topics, time, schemasDir, output, catalog, limits, onGap, lease, schedule,
                scheduleZone, vacuumGrace, hours, shards);
    }

    private List<TopicBinding> topics(YamlSection top, Path schemasDir) {
        List<YamlSection> items = top.list("topics");
        if (items.isEmpty()) {
            throw top.error("topics", "missing; " + JobKeys.TOPICS.requiredFix());
        }
        List<TopicBinding> topics = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, TopicFormat> formatOfType = new HashMap<>();
        for (YamlSection item : items) {
            String topic = item.requiredString("topic", "name the Kafka topic");
            String type = item.requiredString("activity_type", "name the schema in " + schemasDir + " this topic's events follow");
            if (!ACTIVITY_TYPE.matcher(type).matches()) {
                throw item.error("activity_type", "'" + type + "' is not an activity type; use lower case letters, digits and '_'");
            }
            String formatText = item.optionalString("format").orElse(TopicFormat.JSON.value());
            TopicFormat format = TopicFormat.of(formatText).orElseThrow(() -> item.error("format", "'" + formatText
                    + "' is not one of json (JSON or Avro single-object events, checked against the type's schema),"
                    + " avro-registry (Avro framed with a schema registry's id), text (log lines)"));
            if (format.hasSchemaFile()) {
                if (!Files.isRegularFile(schemasDir.resolve(type + ".avsc"))) {
                    throw item.error("activity_type", "no schema " + schemasDir.resolve(type + ".avsc")
                            + "; add it or fix the name (or set 'schemas' to the folder of the .avsc files)");
                }
                SchemaFiles.read(schemasDir, type); // before anything is touched: a broken schema is bad configuration
            }
            Optional<RegistryUrl> registry = registry(item, format);
            if (!seen.add(topic)) {
                throw item.error("topic", "'" + topic + "' is listed twice");
            }
            TopicFormat other = formatOfType.putIfAbsent(type, format);
            if (other != null && other.hasSchemaFile() != format.hasSchemaFile()) {
                throw item.error("format", "activity type " + type + " is read from a " + other.value() + " topic already; a "
                        + format.value() + " topic needs an activity type of its own (its files have other columns)");
            }
            item.rejectUnknownKeys();
            topics.add(new TopicBinding(topic, type, format, registry));
        }
        return topics;
    }

    /** A topic's {@code registry_url}: required by {@code avro-registry}, refused by the other formats. */
    private Optional<RegistryUrl> registry(YamlSection item, TopicFormat format) {
        Optional<String> text = item.optionalString("registry_url");
        if (format != TopicFormat.AVRO_REGISTRY) {
            if (text.isPresent()) {
                throw item.error("registry_url", "is only for format avro-registry (this topic is " + format.value() + ")");
            }
            return Optional.empty();
        }
        if (text.isEmpty()) {
            throw item.error("registry_url", "missing; format avro-registry reads each record's schema id from a schema"
                    + " registry: set it, e.g. registry_url: http://registry:8081");
        }
        try {
            return Optional.of(RegistryUrl.parse(secrets.value(item, "registry_url", text.get())));
        } catch (IllegalArgumentException e) {
            throw item.error("registry_url", e.getMessage());
        }
    }

    private static OutputSpec output(JobValues v) {
        return new OutputSpec(
                warehouse(v, v.get(JobKeys.OUTPUT_WAREHOUSE)),
                v.get(JobKeys.OUTPUT_FORMAT),
                v.get(JobKeys.OUTPUT_COMPRESSION),
                v.get(JobKeys.OUTPUT_ROW_GROUP_SIZE),
                v.get(JobKeys.OUTPUT_MAX_FILE_SIZE),
                (int) Math.min(Integer.MAX_VALUE, v.get(JobKeys.OUTPUT_MAX_OPEN_FILES)));
    }

    private static URI warehouse(JobValues v, String text) {
        if (!URI_SCHEME.matcher(text).matches()) { // a bare path (or a Windows drive): may hold spaces, '#', ...
            try {
                return Path.of(text).toAbsolutePath().normalize().toUri();
            } catch (InvalidPathException e) {
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

    private static RunLimits limits(JobValues v) {
        return new RunLimits(
                v.optional(JobKeys.LIMITS_MAX_RECORDS).orElse(Long.MAX_VALUE),
                v.optional(JobKeys.LIMITS_MAX_BYTES).orElse(Long.MAX_VALUE),
                v.get(JobKeys.LIMITS_MAX_DURATION),
                v.get(JobKeys.LIMITS_MAX_EVENT_SIZE),
                v.get(JobKeys.LIMITS_MAX_REJECT_RATIO));
    }

    /** A catalog the loader supports, and for H2 none of the settings that let it lose commits. */
    private static String catalogUrl(JobValues v) {
        String url = v.get(JobKeys.CATALOG_URL);
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw v.error(JobKeys.CATALOG_URL, "'" + url + "' is not a supported catalog; use jdbc:h2:... or jdbc:postgresql:...");
        }
        Matcher delay = H2_WRITE_DELAY.matcher(url);
        if (url.startsWith("jdbc:h2:") && delay.find() && !delay.group(1).equals("0")) {
            throw v.error(JobKeys.CATALOG_URL, "WRITE_DELAY=" + delay.group(1) + " lets H2 lose commits when the process dies;"
                    + " remove it (the loader sets WRITE_DELAY=0)");
        }
        Matcher retention = H2_RETENTION_TIME.matcher(url);
        if (url.startsWith("jdbc:h2:") && retention.find() && !retention.group(1).equals("2147483647")) {
            throw v.error(JobKeys.CATALOG_URL, "RETENTION_TIME=" + retention.group(1) + " lets H2 lose the last commits of a process"
                    + " killed while it serves the file; remove it (the loader sets RETENTION_TIME=2147483647)");
        }
        return url;
    }
}

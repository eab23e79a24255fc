package org.activityloader.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Every key of a job file, in the order of jobs/activity.yaml and the README's table. */
public final class JobKeys {
    private JobKeys() {
    }

    public static final JobKey<String> NAME = new JobKey<>("name", ValueTypes.TEXT, null, null,
            "job name, the key of its offsets and lease in the catalog", "file name", JobSpec::name);
    public static final JobKey<String> KAFKA_BOOTSTRAP_SERVERS = JobKey.required("kafka.bootstrap_servers", ValueTypes.TEXT,
            "set it to the brokers, e.g. kafka1:9092,kafka2:9092", "brokers", s -> s.kafka().bootstrapServers());
    public static final JobKey<Duration> KAFKA_REQUEST_TIMEOUT = JobKey.optional("kafka.request_timeout", ValueTypes.DURATION, "30s",
            "a broker silent this long fails the run instead of hanging it", s -> s.kafka().requestTimeout());
    public static final JobKey<Void> KAFKA_PROPERTIES = new JobKey<>("kafka.properties.*", null, null, null,
            "passed to the Kafka consumer as they are: `security.protocol`, `sasl.*`, `ssl.*`, ...; a value may be"
                    + " `${env:NAME}` or `${file:/path}`", "none", null);
    public static final JobKey<String> KAFKA_COMMIT_GROUP = new JobKey<>("kafka.commit_group", ValueTypes.TEXT, null, null,
            "consumer group the loaded offsets are copied into after each load, so that `kafka-consumer-groups`, Burrow and lag"
                    + " exporters see the loader's lag; never read back (the catalog is the truth); `none`: off", "loader-<name>",
            s -> s.kafka().commitGroup().orElse("none"));
    public static final JobKey<String> DEAD_LETTERS_TOPIC = JobKey.optional("dead_letters.topic", ValueTypes.TEXT, null,
            "a Kafka topic a published run's dead letters are also sent to (original bytes, `loader.reason`, `loader.topic`,"
                    + " `loader.partition`, `loader.offset` headers); a copy: a failed send is a warning",
            s -> s.kafka().deadLetterTopic());
    public static final JobKey<Void> TOPICS = new JobKey<>("topics", null, null, "list the topics to load, e.g."
            + " '- {topic: page_views, activity_type: page_view}'",
            "list of `{topic, activity_type, format, registry_url}`; `format` is `json` (the default; events, JSON or Avro"
                    + " single-object: the type needs `schemas/<type>.avsc`), `avro-registry` (Avro framed with a schema registry's"
                    + " id, read into `schemas/<type>.avsc`; `registry_url` names the registry, may be `${env:NAME}`) or `text`"
                    + " (log lines: each record a row of `event_time` (its Kafka timestamp), `line`, `kafka_key`, `kafka_topic`,"
                    + " `kafka_partition`, `kafka_offset`)", null, null);
    public static final JobKey<String> SCHEMAS = JobKey.optional("schemas", ValueTypes.TEXT, "../schemas",
            "folder of the `.avsc` files, relative to the job file", s -> s.schemasDir().toString());
    public static final JobKey<String> EVENT_TIME_FIELD = JobKey.optional("event_time.field", ValueTypes.TEXT, "event_time",
            "event field with the event time: epoch millis or ISO-8601 with offset; the Kafka timestamp when absent",
            s -> s.eventTime().field());
    public static final JobKey<ZoneId> EVENT_TIME_ZONE = JobKey.optional("event_time.zone", ValueTypes.ZONE, "UTC",
            "zone of the `date=`/`hour=` partitions", s -> s.eventTime().zone());
    public static final JobKey<Duration> EVENT_TIME_MAX_PAST = JobKey.optional("event_time.max_past", ValueTypes.DURATION, "365d",
            "events older than this before the run's start are rejected as `time_out_of_range`", s -> s.eventTime().maxPast());
    public static final JobKey<Duration> EVENT_TIME_MAX_FUTURE = JobKey.optional("event_time.max_future", ValueTypes.DURATION, "1h",
            "events further ahead than this after the run's start are rejected as `time_out_of_range`", s -> s.eventTime().maxFuture());
    public static final JobKey<String> OUTPUT_WAREHOUSE = JobKey.required("output.warehouse", ValueTypes.TEXT,
            "set it to a folder or a Hadoop URI, e.g. hdfs://nn/warehouse",
            "a folder or a Hadoop FileSystem URI; a relative path is relative to the working directory. `file://` works as"
                    + " shipped; `hdfs://` needs Hadoop's shaded client named by `LOADER_HADOOP_LIB` (see \"A warehouse on HDFS\");"
                    + " `s3a://` also hadoop-aws and the AWS SDK there (see \"A warehouse on S3\")",
            s -> s.output().warehouse().toString());
    public static final JobKey<OutputFormat> OUTPUT_FORMAT = JobKey.optional("output.format", ValueTypes.choice(OutputFormat.class),
            "parquet", "`parquet` or `avro`", s -> s.output().format());
    public static final JobKey<Compression> OUTPUT_COMPRESSION = JobKey.optional("output.compression",
            ValueTypes.choice(Compression.class), "snappy", "`snappy`, `zstd`, `gzip` or `none`", s -> s.output().compression());
    public static final JobKey<Long> OUTPUT_ROW_GROUP_SIZE = JobKey.optional("output.row_group_size", ValueTypes.ROW_GROUP_SIZE, "8MB",
            "Parquet row group, 16KB to 1GB: a file's row group is written out when it reaches this (or earlier, when the open"
                    + " files together reach their share of the heap)", s -> s.output().rowGroupBytes());
    public static final JobKey<Long> OUTPUT_MAX_FILE_SIZE = JobKey.optional("output.max_file_size", ValueTypes.SIZE, "256MB",
            "a file is rolled past this size", s -> s.output().maxFileBytes());
    public static final JobKey<Long> OUTPUT_MAX_OPEN_FILES = JobKey.optional("output.max_open_files", ValueTypes.OPEN_FILES, "256",
            "files open at once (one per activity type and hour being written; 1 to 1000): the least recently written is"
                    + " closed beyond it. Memory does not depend on it: what the open files buffer is kept within a share of the"
                    + " heap", s -> (long) s.output().maxOpenFiles());
    public static final JobKey<String> CATALOG_URL = JobKey.required("catalog.url", ValueTypes.TEXT,
            "set it to a JDBC URL, e.g. jdbc:h2:file:./data/catalog or jdbc:postgresql://host/db",
            "`jdbc:h2:...` or `jdbc:postgresql:...`", s -> s.catalog().url());
    public static final JobKey<String> CATALOG_USER = new JobKey<>("catalog.user", ValueTypes.TEXT, null, null,
            "catalog user", "empty", s -> s.catalog().user().isEmpty() ? null : s.catalog().user());
    public static final JobKey<String> CATALOG_PASSWORD_ENV = JobKey.optional("catalog.password_env", ValueTypes.TEXT, null,
            "the environment variable holding the catalog password (never the password itself)", null);
    public static final JobKey<String> CATALOG_PASSWORD_FILE = JobKey.optional("catalog.password_file", ValueTypes.TEXT, null,
            "a file holding the catalog password; give this or `password_env`, never the password", null);
    public static final JobKey<Long> LIMITS_MAX_RECORDS = JobKey.optional("limits.max_records", ValueTypes.POSITIVE, null,
            "a run stops after this many records; the next run continues",
            s -> s.limits().maxRecords() == Long.MAX_VALUE ? null : s.limits().maxRecords());
    public static final JobKey<Long> LIMITS_MAX_BYTES = JobKey.optional("limits.max_bytes", ValueTypes.SIZE, null,
            "a run stops after reading this much; the next run continues",
            s -> s.limits().maxBytes() == Long.MAX_VALUE ? null : s.limits().maxBytes());
    public static final JobKey<Duration> LIMITS_MAX_DURATION = JobKey.optional("limits.max_duration", ValueTypes.DURATION, "1h",
            "a run stops draining after this long; the next run continues", s -> s.limits().maxDuration());
    public static final JobKey<Long> LIMITS_MAX_EVENT_SIZE = JobKey.optional("limits.max_event_size", ValueTypes.SIZE, "1MB",
            "larger events are rejected as `too_large`", s -> s.limits().maxEventBytes());
    public static final JobKey<Double> LIMITS_MAX_REJECT_RATIO = new JobKey<>("limits.max_reject_ratio", ValueTypes.RATIO, "1.0",
            null, "a run with a larger share of rejects fails before committing, e.g. `0.05` or `5%`", "1.0: never",
            s -> s.limits().maxRejectRatio());
    public static final JobKey<GapPolicy> ON_GAP = JobKey.optional("on_gap", ValueTypes.choice(GapPolicy.class), "skip",
            "offsets Kafka deleted before they were loaded: `skip` records the gap in `offset_gap` and warns in the summary"
                    + " and `status`; `fail` stops the run", JobSpec::onGap);
    public static final JobKey<Duration> LEASE_TIMEOUT = JobKey.optional("lease_timeout", ValueTypes.DURATION, "2m",
            "a crashed run's lease expires after this and the next run recovers it", JobSpec::leaseTimeout);
    public static final JobKey<Long> SHARDS = JobKey.optional("shards", ValueTypes.SHARDS, "1",
            "how many processes may load the job at once, each one shard of its partitions (`loader run --shard i/K`, or"
                    + " `loader schedule` nodes taking free shards); offsets stay per partition, so K may change between runs",
            s -> (long) s.shards());
    public static final JobKey<String> SCHEDULE = JobKey.optional("schedule", ValueTypes.CRON, null,
            "Quartz cron expression for `loader schedule`, e.g. `\"0 */15 * * * ?\"`", JobSpec::schedule);
    public static final JobKey<ZoneId> SCHEDULE_ZONE = JobKey.optional("schedule_zone", ValueTypes.ZONE, "UTC",
            "zone the `schedule` is read in (its hours and days)", JobSpec::scheduleZone);
    public static final JobKey<Duration> VACUUM_GRACE = JobKey.optional("vacuum_grace", ValueTypes.DURATION, "24h",
            "files a backfill replaced are kept this long for queries still reading them, then `loader vacuum` deletes them",
            JobSpec::vacuumGrace);
    public static final JobKey<Duration> ALLOWED_LATENESS = JobKey.optional("allowed_lateness", ValueTypes.DURATION, "1h",
            "an hour is complete (its `_SUCCESS` written) once every partition of its topics has delivered events this long"
                    + " past its end, or is caught up this long after it; later events amend it", s -> s.hours().allowedLateness());
    public static final JobKey<CompactionMode> COMPACTION = JobKey.optional("compaction", ValueTypes.COMPACTION,
            "off", "`auto`: each run also merges the small files of the hours it completed into files near"
                    + " `output.max_file_size` (bounded in time); `off`: only `loader compact` does", s -> s.hours().compaction());

    /** Every key, in the order of the README's table. */
    public static final List<JobKey<?>> ALL = List.of(NAME, KAFKA_BOOTSTRAP_SERVERS, KAFKA_REQUEST_TIMEOUT, KAFKA_PROPERTIES,
            KAFKA_COMMIT_GROUP, TOPICS, SCHEMAS, EVENT_TIME_FIELD, EVENT_TIME_ZONE, EVENT_TIME_MAX_PAST, EVENT_TIME_MAX_FUTURE, OUTPUT_WAREHOUSE,
            OUTPUT_FORMAT, OUTPUT_COMPRESSION, OUTPUT_ROW_GROUP_SIZE, OUTPUT_MAX_FILE_SIZE, OUTPUT_MAX_OPEN_FILES, CATALOG_URL,
            CATALOG_USER, CATALOG_PASSWORD_ENV, CATALOG_PASSWORD_FILE, LIMITS_MAX_RECORDS, LIMITS_MAX_BYTES,
            LIMITS_MAX_DURATION, LIMITS_MAX_EVENT_SIZE, LIMITS_MAX_REJECT_RATIO, ON_GAP, LEASE_TIMEOUT, SHARDS, SCHEDULE, SCHEDULE_ZONE,
            VACUUM_GRACE, ALLOWED_LATENESS, COMPACTION, DEAD_LETTERS_TOPIC);

    /** The keys {@code LOADER_*} variables and {@code --set} may override: every single value. */
    public static List<JobKey<?>> scalars() {
        return ALL.stream().filter(JobKey::scalar).toList();
    }

    public static Optional<JobKey<?>> byPath(String path) {
        return ALL.stream().filter(k -> k.path().equals(path)).findFirst();
    }
}

package org.activityloader.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.activityloader.decode.ActivitySchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobLoaderTest {
    private static final Path JOBS = Path.of("../jobs");
    private static final Path SCHEMAS = Path.of("../schemas").toAbsolutePath().normalize();
    private static final String PASSWORD = "hunter2-Pa$$";

    /** A small valid job; tests replace one line of it to break it. */
    private static final String BASE = """
            name: test-job
            schemas: %s
            kafka:
              bootstrap_servers: file:9092
              properties:
                client.id: test
            topics:
              - topic: page_views
                activity_type: page_view
              - topic: searches
                activity_type: search
            event_time:
              zone: UTC
            output:
              warehouse: /tmp/test-warehouse
              format: parquet
              row_group_size: 8MB
              max_open_files: 32
            catalog:
              url: jdbc:h2:mem:catalog
              user: sa
            schedule: "0 */15 * * * ?"
            """.formatted(SCHEMAS);

    @TempDir
    Path dir;

    private String write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file.toString();
    }

    private String write(String yaml) throws IOException {
        return write("job.yaml", yaml);
    }

    private static String replace(String from, String to) {
        assertThat(BASE).contains(from);
        return BASE.replace(from, to);
    }

    private static JobLoader loader(Map<String, String> env) {
        return new JobLoader(JOBS, env);
    }

    @Test
    void theShippedJobFileLoads() {
        JobSpec spec = loader(Map.of()).load("activity", Map.of());

        assertThat(spec.name()).isEqualTo("activity");
        assertThat(spec.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(spec.kafka().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.kafka().properties()).containsEntry("client.id", "activity-loader");
        assertThat(spec.topics()).extracting(TopicBinding::topic, TopicBinding::activityType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("page_views", "page_view"),
                org.assertj.core.groups.Tuple.tuple("searches", "search"),
                org.assertj.core.groups.Tuple.tuple("clicks", "click"),
                org.assertj.core.groups.Tuple.tuple("signups", "signup"));
        assertThat(spec.eventTime().field()).isEqualTo("event_time");
        assertThat(spec.eventTime().zone().getId()).isEqualTo("UTC");
        assertThat(spec.eventTime().maxPast()).isEqualTo(Duration.ofDays(365));
        assertThat(spec.eventTime().maxFuture()).isEqualTo(Duration.ofHours(1));
        assertThat(spec.onGap()).isEqualTo(GapPolicy.SKIP);
        assertThat(spec.schemasDir()).isEqualTo(SCHEMAS);
        assertThat(spec.output().warehouse().getScheme()).isEqualTo("file");
        assertThat(Path.of(spec.output().warehouse())).isEqualTo(Path.of("warehouse").toAbsolutePath());
        assertThat(spec.output().format()).isEqualTo(OutputFormat.PARQUET);
        assertThat(spec.output().compression()).isEqualTo(Compression.SNAPPY);
        assertThat(spec.output().rowGroupBytes()).isEqualTo(8L << 20);
        assertThat(spec.output().maxFileBytes()).isEqualTo(256L << 20);
        assertThat(spec.output().maxOpenFiles()).isEqualTo(256);
        assertThat(spec.catalog().url()).startsWith("jdbc:h2:file:");
        assertThat(spec.catalog().user()).isEqualTo("sa");
        assertThat(spec.catalog().password()).isEqualTo(Secret.NONE);
        assertThat(spec.limits()).isEqualTo(new RunLimits(5_000_000, 2L << 30, Duration.ofMinutes(15), 1L << 20, 0.2));
        assertThat(spec.leaseTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(spec.schedule()).contains("0 */15 * * * ?");
        assertThat(spec.topics()).contains(new TopicBinding("clicks", "click"));
    }

    @Test
    void hoursAreCompleteAnHourAfterTheirEndAndNotCompactedUnlessTheJobSays() throws IOException {
        assertThat(loader(Map.of()).load(write(BASE), Map.of()).hours()).isEqualTo(HourSpec.DEFAULT);
        JobSpec auto = loader(Map.of()).load(write(replace("schedule:", "allowed_lateness: 30m\ncompaction: auto\nschedule:")), Map.of());
        assertThat(auto.hours()).isEqualTo(new HourSpec(Duration.ofMinutes(30), CompactionMode.AUTO));
        // YAML 1.1 reads a bare off as false: the job file's word is kept.
        JobSpec off = loader(Map.of()).load(write(replace("schedule:", "compaction: off\nschedule:")), Map.of());
        assertThat(off.hours().compaction()).isEqualTo(CompactionMode.OFF);
        assertThat(loader(Map.of("LOADER_COMPACTION", "auto")).load(write(BASE), Map.of()).hours().compaction())
                .isEqualTo(CompactionMode.AUTO);
    }

    @Test
    void aTextTopicNeedsNoSchemaFileAndHasTheLineColumns() throws IOException {
        JobSpec spec = loader(Map.of()).load(write(replace("activity_type: search", "activity_type: app_log\n    format: text")),
                Map.of());
        assertThat(spec.topics().get(1)).isEqualTo(new TopicBinding("searches", "app_log", TopicFormat.TEXT));
        assertThat(spec.topics().get(0).format()).isEqualTo(TopicFormat.JSON);
        assertThat(ActivitySchemas.of(spec).get("app_log").schema().getFields()).extracting(org.apache.avro.Schema.Field::name)
                .containsExactly("event_time", "line", "kafka_key", "kafka_topic", "kafka_partition", "kafka_offset");
    }

    @Test
    void aRegistryFramedTopicNamesItsRegistryWhichMayComeFromTheEnvironmentAndNeverShowsItsPassword() throws IOException {
        JobSpec spec = loader(Map.of("REGISTRY", "https://reader:s3cret@registry.example:8081")).load(write(replace(
                "activity_type: search", "activity_type: search\n    format: avro-registry\n    registry_url: ${env:REGISTRY}")), Map.of());
        TopicBinding searches = spec.topics().get(1);
        assertThat(searches.format()).isEqualTo(TopicFormat.AVRO_REGISTRY);
        RegistryUrl url = searches.registry().orElseThrow();
        assertThat(url.resolve("schemas/ids/7")).hasToString("https://registry.example:8081/schemas/ids/7");
        assertThat(url.basicAuthorization()).contains("Basic " + java.util.Base64.getEncoder().encodeToString("reader:s3cret".getBytes()));
        assertThat(searches.toString()).doesNotContain("s3cret");
        assertThat(spec.topics().get(0).registry()).isEmpty();
        JobSpec sameType = loader(Map.of()).load(write(replace("activity_type: search", "activity_type: page_view\n"
                + "    format: avro-registry\n    registry_url: http://registry:8081")), Map.of());
        assertThat(sameType.topics()).extracting(TopicBinding::activityType).as("a type read from JSON and from registry-framed"
                + " topics alike: one schema, one set of columns").containsExactly("page_view", "page_view");
    }

    @Test
    void loadedOffsetsAreCopiedIntoTheGroupLoaderNameUnlessTheJobSaysOtherwise() throws IOException {
        assertThat(loader(Map.of()).load(write(BASE), Map.of()).kafka().commitGroup()).contains("loader-test-job");
        assertThat(loader(Map.of()).load(write(BASE), Map.of("kafka.commit_group", "none")).kafka().commitGroup()).isEmpty();
        assertThat(loader(Map.of("LOADER_KAFKA_COMMIT_GROUP", "warehouse-lag")).load(write(BASE), Map.of()).kafka().commitGroup())
                .contains("warehouse-lag");
    }

    @Test
    void environmentVariableOverridesTheFile() throws IOException {
        String file = write(BASE);
        JobSpec spec = loader(Map.of("LOADER_KAFKA_BOOTSTRAP_SERVERS", "env:9092")).load(file, Map.of());
        assertThat(spec.kafka().bootstrapServers()).isEqualTo("env:9092");
        assertThat(JobLoader.environmentVariable("kafka.bootstrap_servers")).isEqualTo("LOADER_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void setOverrideWinsOverEnvironment() throws IOException {
        String file = write(BASE);
        JobSpec spec = loader(Map.of("LOADER_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "LOADER_OUTPUT_FORMAT", "avro"))
                .load(file, Map.of("kafka.bootstrap_servers", "set:9092"));
        assertThat(spec.kafka().bootstrapServers()).isEqualTo("set:9092");
        assertThat(spec.output().format()).isEqualTo(OutputFormat.AVRO);
    }

    @Test
    void setKafkaPropertyReachesClientProperties() throws IOException {
        String file = write(BASE);
        JobSpec spec = loader(Map.of()).load(file, Map.of("kafka.properties.security.protocol", "SSL"));
        assertThat(spec.kafka().clientProperties())
                .containsEntry("security.protocol", "SSL")
                .containsEntry("client.id", "test")
                .containsEntry("bootstrap.servers", "file:9092");
    }

    @Test
    void setOfAnUnknownKeyIsRefused() throws IOException {
        String file = write(BASE);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of()).load(file, Map.of("output.fromat", "avro")));
        assertThat(e.key()).isEqualTo("output.fromat");
        assertThat(e.getMessage()).contains(file).contains("cannot be set by --set").contains("output.format");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top-level key | 'schedule:'                  | 'colour: blue\nschedule:'            | colour                   | unknown key
            unknown nested key    | 'format: parquet'            | 'fromat: parquet'                    | output.fromat            | unknown key
            unknown kafka key     | '  properties:'              | '  bootstrap_server: x\n  properties:' | kafka.bootstrap_server | unknown key
            format parket         | 'format: parquet'            | 'format: parket'                     | output.format            | not one of parquet, avro
            max_open_files -1     | 'max_open_files: 32'         | 'max_open_files: -1'                 | output.max_open_files    | must be greater than 0
            max_open_files text   | 'max_open_files: 32'         | 'max_open_files: many'               | output.max_open_files    | write e.g. 1000000
            row_group_size lots   | 'row_group_size: 8MB'        | 'row_group_size: lots'               | output.row_group_size    | write e.g. 1048576, 512KB, 64MB
            row_group_size 1KB    | 'row_group_size: 8MB'        | 'row_group_size: 1KB'                | output.row_group_size    | outside 16KB to 1GB
            row_group_size 0      | 'row_group_size: 8MB'        | 'row_group_size: 0'                  | output.row_group_size    | must be greater than 0
            bad zone              | 'zone: UTC'                  | 'zone: Mars/Olympus_Mons'            | event_time.zone          | use e.g. UTC or Europe/Berlin
            bad cron              | 'schedule: "0 */15 * * * ?"' | 'schedule: "every hour"'             | schedule                 | is not a Quartz cron expression
            mysql catalog         | 'url: jdbc:h2:mem:catalog'   | 'url: jdbc:mysql://db/catalog'       | catalog.url              | use jdbc:h2:... or jdbc:postgresql:...
            h2 write delay        | 'url: jdbc:h2:mem:catalog'   | 'url: "jdbc:h2:mem:catalog;WRITE_DELAY=500"' | catalog.url     | lets H2 lose commits when the process dies
            reject ratio 2        | 'schedule:'                  | 'limits:\n  max_reject_ratio: 2\nschedule:' | limits.max_reject_ratio | must be between 0 and 1
            on_gap maybe          | 'schedule:'                  | 'on_gap: maybe\nschedule:'           | on_gap                   | not one of skip, fail
            compaction sometimes  | 'schedule:'                  | 'compaction: sometimes\nschedule:'   | compaction               | not one of off, auto
            lateness soon         | 'schedule:'                  | 'allowed_lateness: soon\nschedule:'  | allowed_lateness         | write e.g. 30s, 10m
            topic twice           | 'topic: searches'            | 'topic: page_views'                  | topics[1].topic          | is listed twice
            no schema file        | 'activity_type: search'      | 'activity_type: purchase'            | topics[1].activity_type  | purchase.avsc; add it or fix the name
            path in activity type | 'activity_type: search'      | 'activity_type: ../search'           | topics[1].activity_type  | use lower case letters, digits and
            unknown topic key     | 'activity_type: search'      | 'activity_type: search\n    partitions: 3' | topics[1].partitions | unknown key
            topics not a list     | 'topics:'                    | 'topics: page_views\nold_topics:'    | topics                   | expected a list, found
            topic format csv      | 'activity_type: search'      | 'activity_type: search\n    format: csv' | topics[1].format   | not one of json (JSON or Avro
            type text and json    | 'activity_type: search'      | 'activity_type: page_view\n    format: text' | topics[1].format | needs an activity type of its own
            registry without url  | 'activity_type: search'      | 'activity_type: search\n    format: avro-registry' | topics[1].registry_url | e.g. registry_url: http://registry:8081
            registry url on json  | 'activity_type: search'      | 'activity_type: search\n    registry_url: http://r:8081' | topics[1].registry_url | only for format avro-registry
            registry url ftp      | 'activity_type: search'      | 'activity_type: search\n    format: avro-registry\n    registry_url: ftp://r' | topics[1].registry_url | not an http:// or https:// URL
            registry url host _   | 'activity_type: search'      | 'activity_type: search\n    format: avro-registry\n    registry_url: https://u:pw@schema_registry:8081' | topics[1].registry_url | 'https://schema_registry:8081' has no host name Java accepts
            registry url env      | 'activity_type: search'      | 'activity_type: search\n    format: avro-registry\n    registry_url: ${env:NO_SUCH}' | topics[1].registry_url | environment variable NO_SUCH is not set
            bad request timeout   | '  properties:'              | '  request_timeout: soon\n  properties:' | kafka.request_timeout | write e.g. 30s, 10m
            zero lease timeout    | 'schedule:'                  | 'lease_timeout: 0s\nschedule:'       | lease_timeout            | must be longer than 0
            both password sources | '  user: sa'                 | '  user: sa\n  password_env: A\n  password_file: /x' | catalog.password_env | not both
            """)
    void invalidJobFileNamesFileKeyAndFix(String what, String from, String to, String key, String fix) throws IOException {
        String file = write(replace(from, to.replace("\\n", "\n")));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader(Map.of("A", "a")).load(file, Map.of()));
        assertThat(e).as(what).isNotNull();
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.getMessage()).startsWith(file + ": " + key + ": ").contains(fix);
    }

    @Test
    void missingTopicsIsAnError() throws IOException {
        String yaml = BASE.replaceAll("(?s)topics:.*?(?=event_time:)", "");
        assertThat(yaml).doesNotContain("topics");
        String file = write(yaml);
        assertThatThrownBy(() -> loader(Map.of()).load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("topics"))
                .hasMessageContaining("missing; list the topics to load");
    }

    @Test
    void missingBootstrapServersIsAnError() throws IOException {
        String file = write(replace("  bootstrap_servers: file:9092\n", ""));
        assertThatThrownBy(() -> loader(Map.of()).load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("kafka.bootstrap_servers"))
                .hasMessageContaining("missing; set it to the brokers");
    }

    @Test
    void passwordEnvNamingAnUnsetVariableIsAnError() throws IOException {
        String file = write(replace("  user: sa\n", "  user: sa\n  password_env: CATALOG_PW\n"));
        assertThatThrownBy(() -> loader(Map.of("OTHER", "x")).load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("catalog.password_env"))
                .hasMessageContaining("CATALOG_PW is not set");
    }

    @Test
    void passwordPutIntoPasswordEnvByMistakeIsNotEchoed() throws IOException {
        String file = write(replace("  user: sa\n", "  user: sa\n  password_env: \"" + PASSWORD + "\"\n"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> loader(Map.of()).load(file, Map.of()));
        assertThat(e.key()).isEqualTo("catalog.password_env");
        assertThat(e.getMessage()).doesNotContain(PASSWORD).contains("name of an environment variable");
    }

    @Test
    void missingJobFileIsAnError() {
        assertThatThrownBy(() -> loader(Map.of()).load("no-such-job", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-job.yaml").hasMessageContaining("activity")
                .hasMessageContaining("no such job file");
    }

    @Test
    void invalidYamlNamesTheLine() throws IOException {
        String file = write("kafka:\n  bootstrap_servers: [unclosed\n");
        assertThatThrownBy(() -> loader(Map.of()).load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("(syntax)"))
                .hasMessageContaining("not valid YAML at line");
    }

    @Test
    void passwordFromEnvironmentVariable() throws IOException {
        String file = write(replace("  user: sa\n", "  user: sa\n  password_env: CATALOG_PW\n"));
        JobSpec spec = loader(Map.of("CATALOG_PW", PASSWORD)).load(file, Map.of());
        assertThat(spec.catalog().password().value()).isEqualTo(PASSWORD);
        assertThat(spec.toString()).doesNotContain(PASSWORD).contains("******");
        assertThat(spec.catalog().toString()).doesNotContain(PASSWORD).contains("jdbc:h2:mem:catalog");
    }

    @Test
    void passwordFromFileIsStripped() throws IOException {
        Path secret = dir.resolve("catalog.secret");
        Files.writeString(secret, PASSWORD + "\n");
        String file = write(replace("  user: sa\n", "  user: sa\n  password_file: " + secret + "\n"));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(spec.catalog().password().value()).isEqualTo(PASSWORD);
        assertThat(spec.toString()).doesNotContain(PASSWORD);
        assertThat(spec.catalog().toString()).doesNotContain(PASSWORD);
    }

    @Test
    void unreadablePasswordFileIsAnError() throws IOException {
        String file = write(replace("  user: sa\n", "  user: sa\n  password_file: " + dir.resolve("absent") + "\n"));
        assertThatThrownBy(() -> loader(Map.of()).load(file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.key()).isEqualTo("catalog.password_file"))
                .hasMessageContaining("check the path");
    }

    @Test
    void passwordNeverAppearsInAConfigException() throws IOException {
        String file = write(replace("  user: sa\n", "  user: sa\n  password_env: CATALOG_PW\n")
                .replace("format: parquet", "format: parket"));
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of("CATALOG_PW", PASSWORD)).load(file, Map.of()));
        assertThat(e.key()).isEqualTo("output.format");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void passwordCannotBeSetOnTheCommandLineAndIsNotEchoed() throws IOException {
        String file = write(BASE);
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> loader(Map.of()).load(file, Map.of("catalog.password", PASSWORD)));
        assertThat(e.key()).isEqualTo("catalog.password");
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
    }

    @Test
    void kafkaPropertyValuesAreNotPrinted() throws IOException {
        String file = write(BASE);
        JobSpec spec = loader(Map.of()).load(file, Map.of("kafka.properties.sasl.jaas.config", "password=" + PASSWORD));
        assertThat(spec.kafka().clientProperties()).containsEntry("sasl.jaas.config", "password=" + PASSWORD);
        assertThat(spec.toString()).contains("sasl.jaas.config").doesNotContain(PASSWORD);
    }

    @Test
    void relativeWarehouseBecomesAnAbsoluteFileUri() throws IOException {
        String file = write(replace("warehouse: /tmp/test-warehouse", "warehouse: data/warehouse"));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(spec.output().warehouse().getScheme()).isEqualTo("file");
        assertThat(spec.output().warehouse().isAbsolute()).isTrue();
        assertThat(Path.of(spec.output().warehouse())).isEqualTo(Path.of("data/warehouse").toAbsolutePath());
    }

    @Test
    void warehousePathWithSpaceIsAPathNotABadUri() throws IOException {
        String file = write(replace("warehouse: /tmp/test-warehouse", "warehouse: /tmp/my warehouse"));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(Path.of(spec.output().warehouse())).isEqualTo(Path.of("/tmp/my warehouse"));
    }

    @Test
    void warehouseUriIsKeptAsItIs() throws IOException {
        String file = write(replace("warehouse: /tmp/test-warehouse", "warehouse: hdfs://namenode:8020/warehouse"));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(spec.output().warehouse()).hasToString("hdfs://namenode:8020/warehouse");
    }

    @Test
    void nameDefaultsToTheFileName() throws IOException {
        String file = write("nightly-pages.yaml", replace("name: test-job\n", ""));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(spec.name()).isEqualTo("nightly-pages");
        assertThat(spec.source()).isEqualTo(file);
    }

    @Test
    void defaultsApplyWhenKeysAreLeftOut() throws IOException {
        String file = write(replace("  row_group_size: 8MB\n  max_open_files: 32\n", "")
                .replace("schedule: \"0 */15 * * * ?\"\n", ""));
        JobSpec spec = loader(Map.of()).load(file, Map.of());
        assertThat(spec.output().rowGroupBytes()).isEqualTo(8L << 20);
        assertThat(spec.output().maxOpenFiles()).isEqualTo(256);
        assertThat(spec.schedule()).isEqualTo(Optional.empty());
        assertThat(spec.limits().maxRecords()).isEqualTo(Long.MAX_VALUE);
        assertThat(spec.leaseTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void nonUtcZoneIsKept() throws IOException {
        String file = write(replace("zone: UTC", "zone: Europe/Berlin"));
        assertThat(loader(Map.of()).load(file, Map.of()).eventTime().zone().getId()).isEqualTo("Europe/Berlin");
    }
}

package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogException;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.ConfigException;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import org.activityloader.config.Secret;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.LogCapture;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets (the catalog password from password_file or password_env, Kafka client secrets from
 * ${file:...} and ${env:...}) reach the catalog and the Kafka client but never stdout, stderr, a
 * log line at any level (Kafka's own config dump included), an error message, JobSpec.toString()
 * or a file the loader writes. The H2 catalog is created with the secret as its password, so a
 * run that did not pass it on could not open it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @BeforeAll
    void startBroker() {
        kafka.createTopics(List.of("page_views"), 2);
        new TrafficGenerator(kafka.bootstrapServers(), 11).produce(500, Instant.now().minus(2, ChronoUnit.HOURS), 2, 50,
                List.of("page_view"));
    }

    private static String secret(String prefix) {
        byte[] b = new byte[12];
        ThreadLocalRandom.current().nextBytes(b);
        return prefix + HexFormat.of().formatHex(b);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"loader\" password=\""
                + password + "\";";
    }

    private Path jobFile(Path dir, String name, String topic, List<String> catalogLines, List<String> propertyLines)
            throws IOException {
        List<String> lines = new ArrayList<>(List.of(
                "name: " + name,
                "kafka:",
                "  bootstrap_servers: " + kafka.bootstrapServers(),
                "  request_timeout: 10s",
                "  properties:"));
        propertyLines.forEach(l -> lines.add("    " + l));
        lines.addAll(List.of(
                "topics:",
                "  - {topic: " + topic + ", activity_type: page_view}",
                "schemas: " + TestJobs.SCHEMAS,
                "output:",
                "  warehouse: " + dir.resolve("warehouse"),
                "catalog:",
                "  url: \"jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE\"",
                "  user: sa"));
        catalogLines.forEach(l -> lines.add("  " + l));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, String.join("\n", lines) + "\n");
        return file;
    }

    @Test
    void theCommandsNeverShowTheCatalogPasswordOrKafkaSecrets(@TempDir Path dir) throws Exception {
        String catalogPassword = secret("catpw-");
        String jaasPassword = secret("jaaspw-");
        String wrongPassword = secret("wrongpw-");
        Path passwordFile = dir.resolve("secrets/catalog.pw");
        Path wrongPasswordFile = dir.resolve("secrets/wrong.pw");
        Path jaasFile = dir.resolve("secrets/jaas.conf");
        Files.createDirectories(passwordFile.getParent());
        Files.writeString(passwordFile, catalogPassword + "\n");
        Files.writeString(wrongPasswordFile, wrongPassword + "\n");
        Files.writeString(jaasFile, jaas(jaasPassword) + "\n");
        List<String> secrets = List.of(catalogPassword, jaasPassword, jaas(jaasPassword), wrongPassword);

        List<String> props = List.of("sasl.jaas.config: ${file:" + jaasFile + "}", "sasl.mechanism: PLAIN");
        Path job = jobFile(dir, "secret_job", "page_views", List.of("password_file: " + passwordFile), props);
        Path missingTopic = jobFile(dir, "secret_missing_topic", "no_such_topic", List.of("password_file: " + passwordFile), props);
        Path wrongPw = jobFile(dir, "secret_wrong_pw", "page_views", List.of("password_file: " + wrongPasswordFile), props);
        Path pwInEnvKey = jobFile(dir, "secret_pw_in_env_key", "page_views", List.of("password_env: \"" + wrongPassword + "\""), props);

        // The catalog exists with the secret as its password: only a loader that passes it on can open it.
        Catalog.open(new CatalogSpec("jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE", "sa", new Secret(catalogPassword)));
        try {
            Catalog.open(new CatalogSpec("jdbc:h2:file:" + dir.resolve("catalog") + ";AUTO_SERVER=TRUE", "sa", Secret.NONE));
            throw new AssertionError("the catalog opened without its password: this test would prove nothing");
        } catch (CatalogException expected) {
            assertThat(expected.getMessage()).doesNotContain(catalogPassword);
        }

        List<LoaderCli.Result> results = new ArrayList<>();
        String logs;
        String printed;
        try (LogCapture capture = LogCapture.start(secrets)) {
            LoaderCli.Result run = loader("run", job.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("of job secret_job: read 500 records");
            LoaderCli.Result status = loader("status", job.toString());
            assertThat(status.exit()).as(status.err()).isZero();
            assertThat(status.out()).contains("published").contains("page_views");
            LoaderCli.Result verify = loader("verify", job.toString());
            assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
            LoaderCli.Result failed = loader("run", missingTopic.toString());
            assertThat(failed.exit()).as(failed.err()).isEqualTo(ExitCodes.BAD_CONFIG);
            assertThat(failed.err()).contains("no_such_topic does not exist");
            LoaderCli.Result refused = loader("status", wrongPw.toString());
            assertThat(refused.exit()).as(refused.err()).isEqualTo(ExitCodes.BAD_CONFIG);
            assertThat(refused.err()).contains("catalog");
            LoaderCli.Result misplaced = loader("run", pwInEnvKey.toString());
            assertThat(misplaced.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
            assertThat(misplaced.err()).contains("password_env");
            results.addAll(List.of(run, status, verify, failed, refused, misplaced));

            assertThat(capture.hits()).as("log events holding a secret").isEmpty();
            logs = capture.logs();
            printed = capture.printed();
            assertThat(capture.complete()).as("every log event kept").isTrue();
        }

        // The capture saw what it had to: the loader's own lines and Kafka's client config dump,
        // which names the secret property (masked) because the loader passed it to the client.
        assertThat(logs).contains("plans 500 records").contains("sasl.jaas.config = [hidden]");
        for (String s : secrets) {
            for (LoaderCli.Result r : results) {
                assertThat(r.out()).as("stdout").doesNotContain(s);
                assertThat(r.err()).as("stderr").doesNotContain(s);
            }
            assertThat(logs).as("logs").doesNotContain(s);
            assertThat(printed).as("printed to System.out/err").doesNotContain(s);
        }

        JobSpec spec = new JobLoader(dir, System.getenv()).load(job.toString(), Map.of());
        assertThat(spec.catalog().password().value()).isEqualTo(catalogPassword);
        assertThat(spec.kafka().properties()).containsEntry("sasl.jaas.config", jaas(jaasPassword));
        assertThat(spec.toString()).contains("sasl.jaas.config").doesNotContain(catalogPassword).doesNotContain(jaasPassword);

        assertNoFileHolds(dir, secrets, dir.resolve("secrets"));
    }

    @Test
    void secretsFromTheEnvironmentStayHiddenInSpecsRunsAndErrors(@TempDir Path dir) throws Exception {
        String catalogPassword = secret("envcatpw-");
        String sslKeyPassword = secret("envsslpw-");
        String jaasPassword = secret("envjaaspw-");
        Path jaasFile = dir.resolve("secrets/jaas.conf");
        Files.createDirectories(jaasFile.getParent());
        Files.writeString(jaasFile, jaas(jaasPassword));
        List<String> secrets = List.of(catalogPassword, sslKeyPassword, jaasPassword);
        Map<String, String> env = Map.of("SECRETS_IT_CATALOG_PASSWORD", catalogPassword, "SECRETS_IT_SSL_KEY_PASSWORD", sslKeyPassword);

        Path file = jobFile(dir, "secret_env_job", "page_views", List.of("password_env: SECRETS_IT_CATALOG_PASSWORD"),
                List.of("ssl.key.password: ${env:SECRETS_IT_SSL_KEY_PASSWORD}", "sasl.jaas.config: ${file:" + jaasFile + "}"));
        JobSpec spec = new JobLoader(dir, env).load(file.toString(), Map.of());
        assertThat(spec.catalog().password().value()).isEqualTo(catalogPassword);
        assertThat(spec.kafka().properties()).containsEntry("ssl.key.password", sslKeyPassword)
                .containsEntry("sasl.jaas.config", jaas(jaasPassword));
        for (String s : secrets) {
            assertThat(spec.toString()).as("JobSpec.toString()").doesNotContain(s);
            assertThat(String.valueOf(spec.kafka())).doesNotContain(s);
            assertThat(String.valueOf(spec.catalog())).doesNotContain(s);
        }
        // The catalog exists with the secret as its password.
        Catalog.open(spec.catalog());

        List<String> messages = new ArrayList<>();
        String logs;
        try (LogCapture capture = LogCapture.start(secrets)) {
            Catalog catalog = Catalog.open(spec.catalog());
            try (Storage storage = new Storage(spec.output().warehouse())) {
                RunSummary summary = new LoadRun(spec, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(summary.counts().recordsRead()).isEqualTo(500);
                messages.add(summary.describe());

                JobSpec missingTopic = new JobSpec(spec.name(), spec.source(), spec.kafka(),
                        List.of(new TopicBinding("no_such_topic", "page_view")), spec.eventTime(), spec.schemasDir(),
                        spec.output(), spec.catalog(), spec.limits(), spec.onGap(), spec.leaseTimeout(), spec.schedule(), spec.scheduleZone(), spec.vacuumGrace(), spec.hours(), spec.shards());
                try {
                    new LoadRun(missingTopic, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                    throw new AssertionError("a run of a missing topic succeeded");
                } catch (ConfigException | org.activityloader.source.SourceException e) {
                    messages.add(e.getMessage());
                }
            }
            try {
                Catalog.open(new CatalogSpec(spec.catalog().url(), "sa", new Secret(sslKeyPassword)));
                throw new AssertionError("the catalog opened with a wrong password");
            } catch (CatalogException e) {
                messages.add(e.getMessage());
            }
            try {
                new JobLoader(dir, Map.of()).load(file.toString(), Map.of());
                throw new AssertionError("a job whose password variable is unset loaded");
            } catch (ConfigException e) {
                messages.add(e.getMessage());
            }
            assertThat(capture.hits()).as("log events holding a secret").isEmpty();
            logs = capture.logs();
            assertThat(capture.printed()).satisfies(p -> secrets.forEach(s -> assertThat(p).doesNotContain(s)));
        }
        assertThat(logs).contains("ssl.key.password = [hidden]").contains("sasl.jaas.config = [hidden]");
        assertThat(messages).hasSize(4);
        for (String s : secrets) {
            assertThat(logs).doesNotContain(s);
            assertThat(messages).allSatisfy(m -> assertThat(m).doesNotContain(s));
        }
        assertNoFileHolds(dir, secrets, jaasFile.getParent());
    }

    /** No file the loader wrote under dir (catalog, its trace files, warehouse, dead letters) holds a secret. */
    private static void assertNoFileHolds(Path dir, List<String> secrets, Path secretsDir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(secretsDir))
                    .filter(p -> !p.toString().endsWith(".yaml")) // the test's job files (one misuses password_env on purpose)
                    .toList();
        }
        assertThat(files).isNotEmpty();
        for (Path f : files) {
            String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
            for (String s : secrets) {
                assertThat(content.contains(s)).as("%s holds a secret", f).isFalse();
            }
        }
    }
}

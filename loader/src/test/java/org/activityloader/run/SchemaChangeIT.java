package org.activityloader.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.cli.LoaderCommand;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.fault.Faults;
import org.activityloader.partition.PartitionKey;
import org.activityloader.report.ReportRunner;
import org.activityloader.report.Table;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalog;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A changed {@code click.avsc} on a real broker: a compatible change loads beside the old files and
 * {@code loader sql} reads both (the new column NULL in old rows); an incompatible one is refused
 * before a record is read, until a backfill has rewritten the hours holding old files.
 */
class SchemaChangeIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @RegisterExtension
    final TestCatalog postgres = TestCatalog.postgres();

    private static final Instant HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));

    private static void produce(String topic, int events, String extra) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events; i++) {
                String json = "{\"event_id\":\"" + UUID.randomUUID() + "\",\"event_time\":" + HOUR.plusSeconds(i).toEpochMilli()
                        + ",\"session_id\":\"s\",\"site\":\"shop.example\",\"url\":\"https://shop.example/p\",\"target\":\"buy\"" + extra + "}";
                producer.send(new ProducerRecord<>(topic, json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static void edit(Path schemas, String from, String to) throws Exception {
        Path click = schemas.resolve("click.avsc");
        String text = Files.readString(click);
        assertThat(text).contains(from);
        Files.writeString(click, text.replace(from, to));
    }

    private static RunSummary load(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    @Test
    void aCompatibleChangeLoadsBesideTheOldFilesAndAnIncompatibleOneWaitsForABackfill(@TempDir Path dir) throws Exception {
        changes("schema_change", TestCatalogs.h2(dir), dir);
    }

    @Test
    @Tag("postgres")
    void onPostgresTooACompatibleChangeLoadsAndAnIncompatibleOneWaitsForABackfill(@TempDir Path dir) throws Exception {
        changes("schema_change_pg", postgres.fresh(dir), dir);
    }

    private void changes(String topic, CatalogSpec catalogSpec, Path dir) throws Exception {
        kafka.createTopics(List.of(topic), 1);
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.copy(TestJobs.SCHEMAS.resolve("click.avsc"), schemas.resolve("click.avsc"));
        JobSpec job = TestJobs.job(topic, kafka.bootstrapServers(), dir.resolve("warehouse"), catalogSpec, List.of("click"))
                .withTopics(List.of(new TopicBinding(topic, "click"))).withSchemasDir(schemas);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(dir.resolve("warehouse").toUri())) {
            produce(topic, 20, "");
            load(job, catalog, storage);

            // Compatible: a new optional field. Loaded beside the old files; both read together.
            edit(schemas, "\"fields\": [", "\"fields\": [\n    {\"name\": \"campaign\", \"type\": [\"null\", \"string\"], \"default\": null},");
            produce(topic, 5, ",\"campaign\":\"winter\"");
            assertThat(load(job, catalog, storage).counts().recordsWritten()).isEqualTo(5);
            Table t = new ReportRunner(catalog, storage).sql("SELECT campaign, COUNT(*) AS n FROM click GROUP BY campaign ORDER BY campaign",
                    job, Optional.empty()).table();
            assertThat(t.rows()).containsExactly(List.of("winter", 5L), java.util.Arrays.asList(null, 20L));
            assertThat(catalog.schemas().versionsOfJob(job.name())).hasSize(2);

            // Incompatible: country from string to long. Refused before a record is read, nothing changed.
            edit(schemas, "\"name\": \"country\",\n      \"type\": [\n        \"null\",\n        \"string\"",
                    "\"name\": \"country\",\n      \"type\": [\n        \"null\",\n        \"long\"");
            produce(topic, 3, "");
            long version = catalog.versions().current(job.name());
            assertThatThrownBy(() -> load(job, catalog, storage)).isInstanceOf(SchemaChangeRefusedException.class)
                    .hasMessageContaining("activity type click").hasMessageContaining("field 'country': optional string in files"
                            + " already written, optional long now").hasMessageContaining("loader backfill " + job.name()
                            + " --types click --hours ").hasMessageContaining("Nothing was read");
            assertThat(catalog.versions().current(job.name())).isEqualTo(version);
            assertThat(RunOutcome.of(new SchemaChangeRefusedException("x")).exitCode()).isEqualTo(2);

            // The way forward: the hour rewritten in the new version by a backfill; then loads go on.
            PartitionKey hour = new PartitionKey("click", LocalDate.ofInstant(HOUR, ZoneOffset.UTC), HOUR.atZone(ZoneOffset.UTC).getHour());
            new BackfillRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false, ProgressMode.NONE),
                    new BackfillRequest(Set.of(hour), List.of("click"), false, "schema change", "tester", Duration.ofHours(1), false))
                    .run();
            assertThat(load(job, catalog, storage).counts().recordsWritten()).isEqualTo(3);
            assertThat(new ReportRunner(catalog, storage).sql("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM click", job,
                    Optional.empty()).table().rows()).containsExactly(List.of(28L, 28L));
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();

            // loader schemas: the three versions, the one now marked, the hour now all in it.
            StringWriter out = new StringWriter();
            CommandLine cli = LoaderCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            assertThat(cli.execute("schemas", ChildLoader.writeJobFile(dir, job).toString())).isZero();
            List<String> lines = out.toString().lines().filter(l -> l.startsWith("click ")).toList();
            assertThat(lines).hasSize(3);
            assertThat(lines.get(2)).contains(" yes ").contains(hour.date() + "T" + String.format("%02d", hour.hour()));
            assertThat(lines.get(0)).doesNotContain(" yes ").contains(" 0 ");
        }
    }
}

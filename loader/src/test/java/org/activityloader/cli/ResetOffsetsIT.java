package org.activityloader.cli;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.report.JobStatus;
import org.activityloader.report.StatusReader;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;
import org.activityloader.source.SourceException;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A topic deleted and recreated under a job: refused, then reset on purpose, then loaded and audited. */
class ResetOffsetsIT {
    private static final List<String> TYPES = List.of("search");

    @Test
    void recreatedTopicIsRefusedUntilResetThenLoadsAsANewEpoch(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("searches"), 2);
            JobSpec job = TestJobs.job("recreate", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
            Catalog catalog = Catalog.open(job.catalog());
            Traffic before = new TrafficGenerator(kafka.bootstrapServers(), 21).produce(1_000, Instant.parse("2026-04-01T00:00:00Z"), 2, 50, TYPES);
            try (Storage storage = new Storage(job.output().warehouse())) {
                run(job, catalog, storage);

                try (Admin admin = Admin.create(adminProps(kafka))) {
                    admin.deleteTopics(List.of("searches")).all().get();
                    waitUntilGone(admin);
                }
                kafka.createTopics(List.of("searches"), 2);
                // More records than before: offsets alone would not show that this is another topic.
                Traffic after = new TrafficGenerator(kafka.bootstrapServers(), 22).produce(3_000, Instant.parse("2026-04-02T00:00:00Z"), 2, 50, TYPES);

                assertThatThrownBy(() -> run(job, catalog, storage))
                        .isInstanceOf(SourceException.class).satisfies(e -> assertThat(RunOutcome.of(e)).isEqualTo(RunOutcome.BAD_CONFIG))
                        .hasMessageContaining("recreated").hasMessageContaining("loader reset-offsets " + job.argument() + " --topic searches");
                List<StoredOffset> unchanged = catalog.offsets().of("recreate").all();
                assertThat(unchanged).extracting(StoredOffset::epoch).containsOnly(0);
                // status tells the operator: all of the new topic waits, and what to run
                JobStatus status = new StatusReader(catalog, Clock.systemUTC()).read(job, Duration.ofSeconds(10), 5);
                assertThat(status.lagRecords()).isEqualTo(3_000);
                assertThat(status.partitions()).allSatisfy(p -> assertThat(p.warning()).hasValueSatisfying(
                        w -> assertThat(w).contains("recreated").contains("loader reset-offsets " + job.argument() + " --topic searches")));

                Path jobFile = ChildLoader.writeJobFile(dir, job);
                StringWriter out = new StringWriter();
                CommandLine cli = LoaderCommand.commandLine();
                StringWriter err = new StringWriter();
                cli.setErr(new PrintWriter(err, true));
                assertThat(cli.execute("run", jobFile.toString())).as("an operator must decide: exit 2").isEqualTo(2);
                // the command it prints runs as printed
                java.util.regex.Matcher suggested = java.util.regex.Pattern.compile("run: loader (reset-offsets \\S+ --topic searches)")
                        .matcher(err.toString());
                assertThat(suggested.find()).as(err.toString()).isTrue();
                List<String> args = new java.util.ArrayList<>(List.of(suggested.group(1).split(" ")));
                args.addAll(List.of("--reason", "test recreated the topic"));
                cli = LoaderCommand.commandLine();
                cli.setOut(new PrintWriter(out, true));
                assertThat(cli.execute(args.toArray(String[]::new))).isZero();
                assertThat(out.toString()).contains("reset 2 partition(s) of searches").contains("(epoch 1)");
                List<StoredOffset> reset = catalog.offsets().of("recreate").all();
                assertThat(reset).hasSize(2).allSatisfy(o -> {
                            assertThat(o.epoch()).isEqualTo(1);
                            assertThat(o.nextOffset()).isZero();
                        });

                RunSummary loaded = run(job, catalog, storage);
                assertThat(loaded.counts().recordsRead()).isEqualTo(3_000);

                ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), "recreate");
                Set<String> expected = new HashSet<>(before.eventIds());
                expected.addAll(after.eventIds());
                assertThat(back.duplicates()).isZero();
                assertThat(back.eventIdCounts().keySet()).isEqualTo(expected);
                assertThat(new WarehouseAudit(catalog, storage).verify("recreate")).isEmpty();
            }
        }
    }

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }

    private static Properties adminProps(EmbeddedKafka kafka) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        return p;
    }

    private static void waitUntilGone(Admin admin) throws Exception {
        await(() -> !admin.listTopics().names().get().contains("searches"), Duration.ofSeconds(30), "topic searches deleted");
    }
}

package org.activityloader.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.PrometheusText;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loader schedule} as a process: /health and /metrics, SIGTERM during a run, a bad job file at start. */
class ScheduleProcessIT {
    private static final List<String> TYPES = List.of("click");

    @Test
    void sigtermDuringARunStopsItAtItsSafePointAndExitsZero(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 2);
            long produced = new TrafficGenerator(kafka.bootstrapServers(), 9)
                    .produce(1_000, Instant.parse("2026-11-02T00:00:00Z"), 1, 0, TYPES).good();
            JobSpec job = TestJobs.job("nightly", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                    .withSchedule("*/2 * * * * ?");
            Path jobs = Files.createDirectories(dir.resolve("jobs"));
            ChildLoader.writeJobFile(jobs, job);
            Path log = dir.resolve("schedule.log");
            Path release = dir.resolve("release");
            Process node = ChildLoader.start(log, "AFTER_SEAL:await=" + release, "schedule", "--jobs-dir", jobs.toString(),
                    "--listen", "127.0.0.1:0");
            try {
                ChildLoader.awaitLog(log, "fault point AFTER_SEAL reached", 90);
                Matcher m = Pattern.compile("metrics on http://([^/\\s]+)/metrics").matcher(Files.readString(log));
                assertThat(m.find()).as("the address it serves on, in:\n" + Files.readString(log)).isTrue();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://" + m.group(1) + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("\"status\":\"up\"").contains("\"nightly\"").contains("\"running\":true");
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://" + m.group(1) + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.statusCode()).isEqualTo(200);
                PrometheusText.parse(metrics.body()); // strict: no run has ended yet, but what is there is valid

                node.destroy(); // SIGTERM, while the run waits at its seal
                ChildLoader.awaitLog(log, "loader schedule: stopping", 30);
                Files.createFile(release);
                assertThat(ChildLoader.await(node, 60)).as("exit code; log:\n" + Files.readString(log)).isZero();
                assertThat(Files.readString(log)).contains("loader schedule: stopped").contains("ended stopped");
            } finally {
                node.destroyForcibly();
            }

            Catalog catalog = Catalog.open(job.catalog());
            List<RunRow> runs = catalog.runs().recent("nightly", 10);
            assertThat(runs).hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(RunState.FAILED);
            assertThat(runs.get(0).error()).contains("stopped on request");
            List<DataFileRow> files = catalog.manifest().published("nightly");
            assertThat(files).as("nothing of the stopped run committed").isEmpty();
            try (Storage storage = new Storage(job.output().warehouse())) {
                RunSummary next = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                assertThat(next.counts().recordsRead()).as("the stopped run left everything to load").isEqualTo(produced);
            }
        }
    }

    @Test
    void aJobFileThatFailsValidationStopsTheStartWithExitCode2(@TempDir Path dir) throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        JobSpec job = TestJobs.job("broken", "127.0.0.1:1", dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withSchedule("*/2 * * * * ?");
        Path file = ChildLoader.writeJobFile(jobs, job, "output:", "  format: parket");
        Path log = dir.resolve("schedule.log");
        int exit = ChildLoader.await(ChildLoader.start(log, null, "schedule", "--jobs-dir", jobs.toString(), "--listen", "none"), 60);
        assertThat(exit).isEqualTo(2);
        List<String> errors = Files.readString(log).lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).containsExactly("error: " + file + ": output.format: 'parket' is not one of parquet, avro");

        Files.writeString(file, Files.readString(file).replace("parket", "parquet").replaceAll("schedule:.*\n", ""));
        exit = ChildLoader.await(ChildLoader.start(log, null, "schedule", "--jobs-dir", jobs.toString(), "--listen", "none"), 60);
        assertThat(exit).isEqualTo(2);
        assertThat(Files.readString(log)).contains("no job file in this folder has a schedule");
    }
}

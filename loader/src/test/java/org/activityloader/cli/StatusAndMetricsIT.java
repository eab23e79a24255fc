package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.PrometheusText;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loader status} (table and JSON) and {@code loader run --metrics-file} on a catalog whose
 * contents are known from the produced traffic: the values, not just their presence.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusAndMetricsIT {
    private static final List<String> TYPES = List.of("page_view", "search");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic first;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("page_views", "searches"), 2);
        first = new TrafficGenerator(kafka.bootstrapServers(), 17).produce(2_000, Instant.parse("2026-10-01T00:00:00Z"), 2, 40, TYPES);
    }

    private JobSpec job(String name, Path dir) {
        return TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withSchedule("0 0 * * * ?");
    }

    @Test
    void metricsFileHoldsTheRunsFiguresInStrictPrometheusText(@TempDir Path dir) throws Exception {
        JobSpec job = job("metrics", dir);
        Path file = ChildLoader.writeJobFile(dir, job);
        Path prom = dir.resolve("textfile/loader-metrics.prom");
        LoaderCli.Result run = loader("run", file.toString(), "--metrics-file", prom.toString(), "--progress", "none");
        assertThat(run.exit()).as(run.err()).isZero();

        Map<String, Double> m = PrometheusText.parse(Files.readString(prom));
        long pageViews = good(first, "page_view") + first.malformedByTopic().getOrDefault("page_views", 0L);
        long searches = good(first, "search") + first.malformedByTopic().getOrDefault("searches", 0L);
        assertThat(m).containsEntry("loader_records_read_total{job=\"metrics\",topic=\"page_views\"}", (double) pageViews)
                .containsEntry("loader_records_read_total{job=\"metrics\",topic=\"searches\"}", (double) searches)
                .containsEntry("loader_records_written_total{job=\"metrics\"}", (double) first.good())
                .containsEntry("loader_runs_total{job=\"metrics\",outcome=\"ok\"}", 1.0)
                .containsEntry("loader_last_run_success{job=\"metrics\"}", 1.0)
                .containsEntry("loader_last_run_outcome{job=\"metrics\",outcome=\"ok\"}", 1.0)
                .containsEntry("loader_kafka_up{job=\"metrics\"}", 1.0)
                .containsEntry("loader_lag_records{job=\"metrics\",topic=\"page_views\"}", 0.0)
                .containsEntry("loader_lag_seconds{job=\"metrics\",topic=\"searches\"}", 0.0);
        double rejected = m.entrySet().stream().filter(e -> e.getKey().startsWith("loader_records_rejected_total{"))
                .mapToDouble(Map.Entry::getValue).sum();
        assertThat(rejected).isEqualTo(first.malformed());
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("loader_records_rejected_total{job=\"metrics\",kind=\"malformed_json\"}"));
        assertThat(m.get("loader_read_bytes_total{job=\"metrics\"}")).isPositive();
        assertThat(m.get("loader_written_bytes_total{job=\"metrics\"}")).isPositive();
        assertThat(m.get("loader_files_written_total{job=\"metrics\"}")).isPositive();
        assertThat(m.get("loader_last_run_duration_seconds{job=\"metrics\"}")).isPositive();
        double lastSuccess = m.get("loader_last_success_timestamp_seconds{job=\"metrics\"}");
        assertThat(lastSuccess).isBetween(Instant.now().getEpochSecond() - 120.0, Instant.now().getEpochSecond() + 1.0);
        try (var files = Files.list(prom.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left").containsExactly("loader-metrics.prom");
        }

        // The next run's file: the counters are the job's totals, so they never go back (a run with nothing new adds no run,
        // but moves the last success).
        assertThat(loader("run", file.toString(), "--metrics-file", prom.toString(), "--progress", "none").exit()).isZero();
        Map<String, Double> second = PrometheusText.parse(Files.readString(prom));
        lastSuccess = second.get("loader_last_success_timestamp_seconds{job=\"metrics\"}");
        assertThat(second).containsEntry("loader_records_read_total{job=\"metrics\",topic=\"page_views\"}", (double) pageViews)
                .containsEntry("loader_records_written_total{job=\"metrics\"}", (double) first.good())
                .containsEntry("loader_runs_total{job=\"metrics\",outcome=\"ok\"}", 1.0);

        // A run refused because another holds the lease: its outcome, and the last success still there.
        Catalog catalog = Catalog.open(job.catalog());
        assertThat(catalog.leases().take("metrics", "someone-else", Instant.now().plusSeconds(600), Instant.now())).isTrue();
        LoaderCli.Result busy = loader("run", file.toString(), "--metrics-file", prom.toString());
        assertThat(busy.exit()).isEqualTo(ExitCodes.ALREADY_RUNNING);
        Map<String, Double> after = PrometheusText.parse(Files.readString(prom));
        assertThat(after).containsEntry("loader_last_run_outcome{job=\"metrics\",outcome=\"already_running\"}", 1.0)
                .doesNotContainKey("loader_last_run_outcome{job=\"metrics\",outcome=\"ok\"}")
                .containsEntry("loader_runs_total{job=\"metrics\",outcome=\"ok\"}", 1.0)
                .containsEntry("loader_records_read_total{job=\"metrics\",topic=\"page_views\"}", (double) pageViews)
                .containsEntry("loader_last_run_success{job=\"metrics\"}", 0.0)
                .containsEntry("loader_last_success_timestamp_seconds{job=\"metrics\"}", lastSuccess);
    }

    @Test
    void statusShowsLagOfNewRecordsRunsAndProblemsAsTextAndJson(@TempDir Path dir) throws Exception {
        JobSpec job = job("status", dir);
        Path file = ChildLoader.writeJobFile(dir, job);
        LoaderCli.Result run = loader("run", file.toString(), "--progress", "none");
        assertThat(run.exit()).as(run.err()).isZero();
        // Records that arrive after the run: the lag, in records and in time.
        Instant producedAt = Instant.now();
        Traffic more = new TrafficGenerator(kafka.bootstrapServers(), 18).produce(300, Instant.parse("2026-10-01T02:00:00Z"), 1, 0, TYPES);
        Thread.sleep(1_100);

        LoaderCli.Result json = loader("status", file.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode s = new ObjectMapper().readTree(json.out()).get("jobs").get(0);
        assertThat(s.get("job").asText()).isEqualTo("status");
        assertThat(s.get("catalog_version").asLong()).isEqualTo(1);
        assertThat(s.get("lag_records").asLong()).isEqualTo(more.good());
        double age = Instant.now().toEpochMilli() / 1000.0 - producedAt.toEpochMilli() / 1000.0;
        assertThat(s.get("lag_seconds").asDouble()).isBetween(1.0, age + 1);
        assertThat(s.get("schedule").asText()).isEqualTo("0 0 * * * ?");
        assertThat(s.get("next_firing").isNull()).as("no loader schedule runs the job: no next firing").isTrue();
        assertThat(s.get("schedulers")).isEmpty();
        assertThat(s.get("kafka_error").isNull()).isTrue();
        assertThat(s.get("partitions")).hasSize(4);
        long nextOffsets = 0;
        for (JsonNode p : s.get("partitions")) {
            nextOffsets += p.get("next_offset").asLong();
            assertThat(p.get("lag_records").asLong()).isEqualTo(p.get("log_end").asLong() - p.get("next_offset").asLong());
        }
        assertThat(nextOffsets).as("every offset of the first traffic loaded").isEqualTo(first.good() + first.malformed());
        JsonNode lastRun = s.get("runs").get(0);
        RunRow row = Catalog.open(job.catalog()).runs().recent("status", 1).get(0);
        assertThat(lastRun.get("run_id").asText()).isEqualTo(row.runId());
        assertThat(lastRun.get("status").asText()).isEqualTo("published");
        assertThat(lastRun.get("kind").asText()).isEqualTo("load");
        assertThat(lastRun.get("records_read").asLong()).isEqualTo(first.good() + first.malformed());
        assertThat(lastRun.get("records_rejected").asLong()).isEqualTo(first.malformed());
        assertThat(lastRun.get("events_per_second").asDouble()).isPositive();
        long deadLetters = 0;
        for (JsonNode d : s.get("dead_letters_24h")) {
            deadLetters += d.get("records").asLong();
        }
        assertThat(deadLetters).isEqualTo(first.malformed());
        assertThat(s.get("gaps_24h")).isEmpty();

        LoaderCli.Result text = loader("status", file.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).contains("Job status at ").contains("catalog version 1").contains("schedule '0 0 * * * ?'")
                .contains("Recent runs of job status:").contains(row.runId()).contains("Offsets:")
                .contains("Dead letters, last 24 hours:").contains("malformed_json").contains("Offset gaps, last 24 hours: none");

        // Kafka unreachable: the catalog's side still, one line about Kafka, within the status timeout.
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        long started = System.nanoTime();
        LoaderCli.Result down = loader("status", file.toString(), "--set", "kafka.bootstrap_servers=127.0.0.1:" + closed,
                "--kafka-timeout", "2s");
        assertThat(down.exit()).as(down.err()).isZero();
        assertThat(down.out()).contains(row.runId()).contains("Kafka is not reachable at 127.0.0.1:" + closed + " within 2 s");
        assertThat((System.nanoTime() - started) / 1e9).as("bounded by --kafka-timeout").isLessThan(20);
        LoaderCli.Result downJson = loader("status", file.toString(), "--json", "--set", "kafka.bootstrap_servers=127.0.0.1:" + closed,
                "--kafka-timeout", "2s");
        JsonNode unknown = new ObjectMapper().readTree(downJson.out()).get("jobs").get(0);
        assertThat(unknown.get("kafka_error").asText()).contains("Kafka is not reachable");
        assertThat(unknown.get("lag_records").isNull()).as("unknown, not a reassuring 0").isTrue();
        assertThat(unknown.get("partitions")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("lag_records").isNull()).isTrue();
            assertThat(p.get("log_end").isNull()).isTrue();
            assertThat(p.get("next_offset").asLong()).isPositive();
        });
    }

    @Test
    void statusWithoutAJobShowsEveryJobOfTheFolder(@TempDir Path dir) throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("jobs"));
        ChildLoader.writeJobFile(jobs, job("alpha", dir.resolve("a")));
        ChildLoader.writeJobFile(jobs, job("beta", dir.resolve("b")));
        LoaderCli.Result r = loader("status", "--jobs-dir", jobs.toString(), "--json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode all = new ObjectMapper().readTree(r.out()).get("jobs");
        assertThat(all).hasSize(2);
        assertThat(all.get(0).get("job").asText()).isEqualTo("alpha");
        assertThat(all.get(1).get("job").asText()).isEqualTo("beta");
        long inKafka = 0;
        for (JsonNode p : all.get(1).get("partitions")) {
            assertThat(p.get("next_offset").isNull()).as("never loaded").isTrue();
            inKafka += p.get("log_end").asLong() - p.get("log_start").asLong();
        }
        assertThat(all.get(1).get("lag_records").asLong()).as("nothing loaded yet: everything is lag")
                .isEqualTo(inKafka).isGreaterThanOrEqualTo(first.good() + first.malformed());
    }

    private static long good(Traffic t, String type) {
        return t.goodByHour().entrySet().stream().filter(e -> e.getKey().activityType().equals(type))
                .mapToLong(Map.Entry::getValue).sum();
    }
}

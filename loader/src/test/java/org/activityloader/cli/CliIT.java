package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The commands as cron and operators use them: output, one-line errors and exit codes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliIT {
    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    TrafficGenerator.Traffic produced;

    @BeforeAll
    void startBroker() {
        kafka.createTopics(List.of("page_views", "searches"), 4);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 5).produce(3_000, Instant.parse("2026-02-01T00:00:00Z"), 2, 100,
                List.of("page_view", "search"));
    }

    private Path jobFile(Path dir, String extra) throws Exception {
        return ChildLoader.writeJobFile(dir, TestJobs.job("web", kafka.bootstrapServers(), dir.resolve("warehouse"),
                TestCatalogs.h2(dir), List.of("page_view", "search")), extra);
    }

    @Test
    void runThenVerifyThenReport(@TempDir Path dir) throws Exception {
        Path job = jobFile(dir, "");
        LoaderCli.Result run = loader("run", job.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("of job web: read 3,000 records").contains("events/s").contains("rejected " + produced.malformed() + " to dead letters");

        LoaderCli.Result verify = loader("verify", job.toString());
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("no findings");

        LoaderCli.Result report = loader("report", job.toString(), "--report", "loaded_by_hour");
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(report.out()).contains("page_view").contains("search").contains("2026-02-01");

        LoaderCli.Result duck = loader("report", job.toString(), "-r", "events_by_hour");
        assertThat(duck.exit()).as(duck.err()).isZero();
        assertThat(duck.out()).contains("page_view").contains("events");

        LoaderCli.Result status = loader("status", job.toString());
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("published").contains("page_views").contains("lag");

        Files.writeString(dir.resolve("warehouse/activity_type=page_view/stray.parquet"), "x");
        LoaderCli.Result bad = loader("verify", job.toString());
        assertThat(bad.exit()).isEqualTo(ExitCodes.VERIFY_FINDINGS);
        assertThat(bad.out()).contains("stray_file").contains("stray.parquet");
    }

    @Test
    void badConfigurationStopsWithExitCode2NamingFileAndKey(@TempDir Path dir) throws Exception {
        Path job = jobFile(dir, "outptu:\n  format: parquet");
        LoaderCli.Result r = loader("run", job.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err().strip()).startsWith("error: " + job + ": outptu: unknown key").doesNotContain("\tat ");
        assertThat(Files.exists(dir.resolve("warehouse"))).as("nothing touched").isFalse();

        LoaderCli.Result set = loader("run", jobFile(dir, "").toString(), "--set", "output.format=parket");
        assertThat(set.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(set.err()).contains("output.format").contains("'parket' is not one of parquet, avro");

        LoaderCli.Result missing = loader("run", "no-such-job", "--jobs-dir", dir.toString());
        assertThat(missing.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(missing.err()).contains("no such job file");
    }

    @Test
    void missingTopicIsAClearErrorNotACrash(@TempDir Path dir) throws Exception {
        Path job = jobFile(dir, "");
        Files.writeString(job, Files.readString(job).replace("searches", "searchez"));
        LoaderCli.Result r = loader("run", job.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains(job + ": topics: topic searchez does not exist");
    }

    @Test
    void unreachableBrokerIsAConfigurationErrorWithinTheRequestTimeout(@TempDir Path dir) throws Exception {
        Path job = jobFile(dir, "");
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        long started = System.nanoTime();
        LoaderCli.Result r = loader("run", job.toString(), "--set", "kafka.bootstrap_servers=127.0.0.1:" + closedPort,
                "--set", "kafka.request_timeout=3s");
        assertThat(r.exit()).isEqualTo(ExitCodes.BAD_CONFIG);
        assertThat(r.err()).contains(job + ": kafka.bootstrap_servers: cannot reach Kafka").doesNotContain("\tat ");
        assertThat((System.nanoTime() - started) / 1e9).as("bounded by the request timeout").isLessThan(30);
    }

    @Test
    void secondRunWhileTheLeaseIsHeldExitsAtOnceWithItsOwnCode(@TempDir Path dir) throws Exception {
        Path job = jobFile(dir, "");
        Catalog catalog = Catalog.open(TestCatalogs.h2(dir));
        assertThat(catalog.leases().take("web", "another-run", Instant.now().plusSeconds(600), Instant.now())).isTrue();
        long started = System.nanoTime();
        LoaderCli.Result r = loader("run", job.toString());
        assertThat(r.exit()).isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(r.err()).contains("already running");
        assertThat((System.nanoTime() - started) / 1e9).as("exits at once").isLessThan(10);
    }
}

package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.schedule.JobScheduler;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Points 5 and 6 of the operator commands, each as a user meets it on the command line: a broken
 * schema, the metrics file's mode, a broker that does not resolve, empty catalog reports, report
 * parameters, a huge max_open_files, a future backfill, a misspelt job, dead-letter lines, a run with
 * nothing to load, and a next firing where no scheduler runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorOddsIT {
    private static final List<String> TYPES = List.of("search");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("searches"), 2);
        new TrafficGenerator(kafka.bootstrapServers(), 5).produce(1_500, Instant.parse("2026-05-01T00:00:00Z"), 2, 30, TYPES);
    }

    private JobSpec job(String name, Path dir) {
        return TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
    }

    /** Point 5: a broken schema is bad configuration, found before the catalog is touched, said on one line. */
    @Test
    void aBrokenSchemaStopsTheRunBeforeAnythingIsTouched(@TempDir Path dir) throws Exception {
        Path schemas = Files.createDirectories(dir.resolve("schemas"));
        Files.writeString(schemas.resolve("search.avsc"), "{\n  \"type\": \"record\",\n  \"name\": \"Search\"\n  \"fields\": []\n}\n");
        Path jobFile = ChildLoader.writeJobFile(dir, job("schema", dir), "schemas: " + schemas);
        for (String command : List.of("run", "backfill", "status", "verify")) {
            List<String> args = command.equals("backfill")
                    ? List.of(command, jobFile.toString(), "--hours", "2026-05-01T00") : List.of(command, jobFile.toString());
            LoaderCli.Result r = loader(args.toArray(String[]::new));
            assertThat(r.exit()).as(command + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip()).as(command).hasLineCount(1).contains(schemas.resolve("search.avsc").toString())
                    .contains("not valid JSON at line 4, column 3");
        }
        assertThat(Files.exists(dir.resolve("catalog.mv.db"))).as("the catalog was never created").isFalse();
        assertThat(Files.exists(dir.resolve("warehouse"))).as("nor the warehouse").isFalse();
    }

    /** Point 6: the metrics file is readable by node_exporter's own user; dead-letter lines are plain JSON lines. */
    @Test
    void metricsFileIsWorldReadableAndDeadLetterLinesStartWithTheirObject(@TempDir Path dir) throws Exception {
        Path jobFile = ChildLoader.writeJobFile(dir, job("files", dir));
        Path prom = dir.resolve("textfile/loader-files.prom");
        LoaderCli.Result run = loader("run", jobFile.toString(), "--metrics-file", prom.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(Files.getPosixFilePermissions(prom)).contains(PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_READ);
        List<Path> letters;
        try (Stream<Path> files = Files.walk(dir.resolve("warehouse/_dead_letter"))) {
            letters = files.filter(p -> p.toString().endsWith(".jsonl")).toList();
        }
        assertThat(letters).isNotEmpty();
        long lines = 0;
        for (Path p : letters) {
            for (String line : Files.readAllLines(p)) {
                assertThat(line).startsWith("{\"topic\":").endsWith("}");
                new ObjectMapper().readTree(line);
                lines++;
            }
        }
        assertThat(lines).isGreaterThan(1);
    }

    /**
     * Two catalogs pointed at one warehouse (another environment's job file, a copy) would each take
     * the other's files for strays: the second is refused before it touches anything, and verify says why.
     */
    @Test
    void aSecondCatalogOnTheSameWarehouseIsRefused(@TempDir Path dir) throws Exception {
        Path first = ChildLoader.writeJobFile(Files.createDirectories(dir.resolve("a")), TestJobs.job("shared", kafka.bootstrapServers(),
                dir.resolve("warehouse"), TestCatalogs.h2(dir.resolve("a")), TYPES));
        Path second = ChildLoader.writeJobFile(Files.createDirectories(dir.resolve("b")), TestJobs.job("shared", kafka.bootstrapServers(),
                dir.resolve("warehouse"), TestCatalogs.h2(dir.resolve("b")), TYPES));
        assertThat(loader("run", first.toString()).exit()).isZero();
        List<Path> before;
        try (Stream<Path> files = Files.walk(dir.resolve("warehouse"))) {
            before = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (String[] args : List.of(new String[] {"run", second.toString()}, new String[] {"verify", second.toString(), "--repair"},
                new String[] {"backfill", second.toString(), "--hours", "2026-05-01T00"})) {
            LoaderCli.Result r = loader(args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("holds the files of another catalog").contains("output.warehouse");
        }
        LoaderCli.Result verify = loader("verify", second.toString());
        assertThat(verify.exit()).isEqualTo(4);
        assertThat(verify.out()).contains("foreign_warehouse");
        try (Stream<Path> files = Files.walk(dir.resolve("warehouse"))) {
            assertThat(files.filter(Files::isRegularFile).sorted().toList()).as("nothing touched").isEqualTo(before);
        }
        assertThat(loader("verify", first.toString()).exit()).as("the first catalog's warehouse is whole").isZero();

        // Without a valid mark (deleted, cut short) the files still tell: the second catalog knows none of them.
        Path mark = dir.resolve("warehouse").resolve(org.activityloader.commit.WarehouseClaim.MARKER);
        String id = Files.readString(mark);
        for (String damage : List.of("deleted", "cut short")) {
            if (damage.equals("deleted")) {
                Files.delete(mark);
            } else {
                Files.writeString(mark, id.substring(0, 10));
            }
            LoaderCli.Result repair = loader("verify", second.toString(), "--repair");
            assertThat(repair.exit()).as(damage + ": " + repair.err()).isEqualTo(2);
            assertThat(repair.err()).contains("does not know");
            assertThat(loader("verify", second.toString()).out()).contains("foreign_warehouse");
            try (Stream<Path> files = Files.walk(dir.resolve("warehouse"))) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> !p.equals(mark)).sorted().toList()).as(damage)
                        .isEqualTo(before.stream().filter(p -> !p.equals(mark)).toList());
            }
            // the owner knows its files: it marks the warehouse again
            assertThat(loader("run", first.toString()).exit()).isZero();
            assertThat(Files.readString(mark)).isEqualTo(id);
        }
    }

    /** Point 6: a broker host that does not resolve is the job file's to fix: exit 2 naming the key. */
    @Test
    void anUnresolvableBrokerIsBadConfiguration(@TempDir Path dir) throws Exception {
        Path jobFile = ChildLoader.writeJobFile(dir, job("dns", dir), "kafka:", "  bootstrap_servers: no-such-broker.invalid:9092");
        LoaderCli.Result r = loader("run", jobFile.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("kafka.bootstrap_servers").contains("no-such-broker.invalid").hasLineCount(1);
    }

    /** Point 6: report parameters are checked and named; a catalog report without rows shows its real columns. */
    @Test
    void reportParametersAreCheckedAndEmptyReportsShowTheirColumns(@TempDir Path dir) throws Exception {
        Path jobFile = ChildLoader.writeJobFile(dir, job("params", dir));
        for (String[] args : List.of(new String[] {"runs", "--param", "limit=-5"},
                new String[] {"search_click_through", "--param", "window_minutes=-30"},
                new String[] {"top_pages", "--param", "limit=lots"})) {
            LoaderCli.Result r = loader("report", jobFile.toString(), args[0], args[1], args[2]);
            String param = args[2].substring(0, args[2].indexOf('='));
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).contains("parameter " + param + " is a whole number").doesNotContain("SELECT").doesNotContain("Exception");
        }
        LoaderCli.Result reversed = loader("report", jobFile.toString(), "events_by_hour", "--from", "2026-05-02T00:00:00Z",
                "--to", "2026-05-01T00:00:00Z");
        assertThat(reversed.exit()).isEqualTo(2);
        assertThat(reversed.err()).contains("is not before --to");
        LoaderCli.Result unknown = loader("report", jobFile.toString(), "runs", "--param", "limt=5");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("has no parameter limt").contains("limit");

        for (String format : List.of("table", "csv", "json")) {
            LoaderCli.Result empty = loader("report", jobFile.toString(), "dead_letters", "--format", format);
            assertThat(empty.exit()).as(empty.err()).isZero();
            assertThat(empty.out()).doesNotContain("(no rows)").contains("problem");
        }
        JsonNode json = new ObjectMapper().readTree(loader("report", jobFile.toString(), "runs", "--format", "json").out());
        assertThat(json.get("columns").toString()).contains("run_id").contains("status");
        assertThat(json.get("rows")).isEmpty();
    }

    /** Point 6: a value that would crash the JVM or mean nothing is refused with its reason. */
    @Test
    void impossibleValuesAreRefused(@TempDir Path dir) throws Exception {
        Path jobFile = ChildLoader.writeJobFile(dir, job("refusals", dir));
        LoaderCli.Result open = loader("run", jobFile.toString(), "--set", "output.max_open_files=100000");
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err()).contains("output.max_open_files").contains("1 to 1000");

        Instant nextHour = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        LoaderCli.Result future = loader("backfill", jobFile.toString(), "--hours", nextHour.toString(), "--reason", "future");
        assertThat(future.exit()).isEqualTo(2);
        assertThat(future.err()).contains("has not begun yet");

        LoaderCli.Result misspelt = loader("run", "nosuchjob", "--jobs-dir", dir.toString());
        assertThat(misspelt.exit()).isEqualTo(2);
        assertThat(misspelt.err()).contains("nosuchjob.yaml").doesNotContain(".yml:").contains("refusals");
    }

    /** Point 6: a run with nothing to load makes no catalog version and no run row, but counts as the job's last success. */
    @Test
    void aRunWithNothingToLoadLeavesNoRunRow(@TempDir Path dir) throws Exception {
        JobSpec job = job("quiet", dir);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        assertThat(loader("run", jobFile.toString()).exit()).isZero();
        Catalog catalog = Catalog.open(job.catalog());
        long version = catalog.versions().current("quiet");
        assertThat(version).as("the run committed a version").isPositive();
        int runs = catalog.runs().recent("quiet", 100).size();
        Instant before = catalog.runs().lastSuccess("quiet").orElseThrow();

        LoaderCli.Result idle = loader("run", jobFile.toString());
        assertThat(idle.exit()).isZero();
        assertThat(idle.out()).contains("nothing to load");
        assertThat(catalog.versions().current("quiet")).isEqualTo(version);
        int runsAfter = catalog.runs().recent("quiet", 100).size();
        assertThat(runsAfter).isEqualTo(runs);
        assertThat(catalog.runs().lastSuccess("quiet").orElseThrow()).isAfter(before);
    }

    /** Point 6: status shows a next firing only while a scheduler fires the job, and names it. */
    @Test
    void statusShowsANextFiringOnlyWhenASchedulerRuns(@TempDir Path dir) throws Exception {
        JobSpec job = job("cron", dir).withSchedule("0 0 3 * * ?");
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        LoaderCli.Result alone = loader("status", jobFile.toString());
        assertThat(alone.out()).contains("schedule '0 0 3 * * ?' (no `loader schedule` is running it)").doesNotContain("next firing");
        assertThat(new ObjectMapper().readTree(loader("status", jobFile.toString(), "--json").out()).at("/jobs/0/next_firing").isNull())
                .isTrue();
        try (JobScheduler scheduler = new JobScheduler(List.of(job), name -> job, new LoaderMetrics(), Faults.NONE,
                Duration.ofSeconds(60), Duration.ofSeconds(5))) {
            scheduler.start();
            String out = await(() -> Optional.of(loader("status", jobFile.toString()).out()).filter(o -> o.contains("next firing")),
                    Duration.ofSeconds(20), () -> "a next firing in status:\n" + loader("status", jobFile.toString()).out());
            assertThat(out).contains("next firing ").contains(" by " + scheduler.node() + " on ");
            JsonNode json = new ObjectMapper().readTree(loader("status", jobFile.toString(), "--json").out());
            assertThat(json.at("/jobs/0/next_firing").asText()).endsWith("T03:00:00Z");
            assertThat(json.at("/jobs/0/schedulers").toString()).contains(scheduler.node());
        }
        assertThat(loader("status", jobFile.toString()).out()).as("the node checked out as it stopped")
                .contains("(no `loader schedule` is running it)");
    }
}

package org.activityloader.schedule;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.metrics.LoaderMetrics;
import org.activityloader.run.LoadRun;
import org.activityloader.testing.LogCapture;
import org.activityloader.testing.PrometheusText;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler in this JVM, on an H2 catalog (single node, schedule in memory) and a real broker;
 * and how a node restates the jobs in a PostgreSQL catalog's shared schedule.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobSchedulerIT {
    private static final List<String> TYPES = List.of("click");
    /** What the scheduler warns when it cannot tell whether a job missed a slot (and so fires nothing). */
    private static final String CANNOT_TELL = "could not tell whether a slot was missed";

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 2);
    }

    @Test
    void aSecondsLevelCronFiresAndLoadsNewData(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("every2s", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withSchedule("*/2 * * * * ?");
        Catalog catalog = Catalog.open(job.catalog());
        TrafficGenerator traffic = new TrafficGenerator(kafka.bootstrapServers(), 3);
        LoaderMetrics metrics = new LoaderMetrics();
        try (JobScheduler scheduler = scheduler(job, metrics, Faults.NONE, Duration.ofSeconds(60))) {
            scheduler.start();
            assertThat(scheduler.clustered()).isFalse();
            assertThat(scheduler.nextFiring("every2s")).get().matches(t -> t.isBefore(Instant.now().plusSeconds(3)));
            long first = traffic.produce(500, Instant.parse("2026-11-01T00:00:00Z"), 1, 0, TYPES).good();
            awaitLoaded(catalog, job.name(), first);
            long second = traffic.produce(300, Instant.parse("2026-11-01T01:00:00Z"), 1, 0, TYPES).good();
            awaitLoaded(catalog, job.name(), first + second);
        }
        assertThat(PrometheusText.parse(metrics.scrape()).get("loader_records_read_total{job=\"every2s\",topic=\"clicks\"}"))
                .isEqualTo(800.0);
    }

    @Test
    void aRunSlowerThanItsIntervalDelaysTheNextFiringWhichThenFiresOnce(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("slow", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withSchedule("*/3 * * * * ?");
        Catalog catalog = Catalog.open(job.catalog());
        // The first run stalls 10 s (three slots of its schedule, and more than the 1 s misfire threshold).
        List<Firing> firings;
        try (JobScheduler scheduler = scheduler(job, new LoaderMetrics(), Faults.parse("AFTER_SEAL#1:sleep=10000"), Duration.ofSeconds(1))) {
            scheduler.start();
            await(() -> scheduler.firings("slow").size() >= 4, Duration.ofSeconds(60), "four firings");
            firings = scheduler.firings("slow");
        }
        for (int i = 1; i < firings.size(); i++) {
            assertThat(firings.get(i).started()).as("firing " + i + " starts after firing " + (i - 1) + " ended: no overlap")
                    .isAfterOrEqualTo(firings.get(i - 1).ended());
        }
        Firing slow = firings.get(0);
        assertThat(slow.committed()).as("the first firing loaded the topic").isTrue();
        assertThat(published(catalog, "slow")).as("the later ones found nothing to load: no run rows").hasSize(1);
        assertThat(Duration.between(slow.started(), slow.ended())).isGreaterThan(Duration.ofSeconds(9));
        Instant end = slow.ended();
        Instant nextSlot = Instant.ofEpochSecond((end.getEpochSecond() / 3 + 1) * 3);
        long catchUp = firings.stream().filter(r -> !r.started().isBefore(end) && r.started().isBefore(nextSlot)).count();
        assertThat(catchUp).as("the missed slots fire once, right after the slow run (%s), before the next slot %s", end, nextSlot)
                .isEqualTo(1);
        assertThat(Duration.between(end, firings.get(1).started())).isLessThan(Duration.ofMillis(1_500));
    }

    @Test
    void aSlotMissedWhileNoSchedulerRanFiresOnceWhenOneStarts(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("daily", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withSchedule("0 0 3 * * ?");
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) { // its last run, two days ago: 03:00 has passed since
            new LoadRun(job, catalog, storage, Clock.offset(Clock.systemUTC(), Duration.ofDays(-2)), Faults.NONE, () -> false).run();
        }
        JobScheduler scheduler = scheduler(job, new LoaderMetrics(), Faults.NONE, Duration.ofSeconds(60));
        try (scheduler) {
            scheduler.start();
            // The scheduler says what it decided at its start: a missed 03:00 fired, once (not once per missed day).
            assertThat(scheduler.caughtUp("daily")).as("the missed slot fired").get()
                    .matches(t -> t.atZone(java.time.ZoneOffset.UTC).getHour() == 3 && t.isBefore(Instant.now()));
            await(() -> scheduler.firings("daily").size() == 1, Duration.ofSeconds(30), "the missed slot's firing");
            assertThat(scheduler.firings("daily").get(0).outcome()).isEqualTo(org.activityloader.run.RunOutcome.OK);
        }
        // Stopped, it has waited for whatever it had fired: a firing per missed day would be here too.
        assertThat(scheduler.firings("daily")).as("the missed slot fired once").hasSize(1);
        JobScheduler again = scheduler(job, new LoaderMetrics(), Faults.NONE, Duration.ofSeconds(60));
        try (again; LogCapture log = LogCapture.start(List.of(CANNOT_TELL))) {
            again.start(); // the last run is after the last slot now: nothing to catch up
            assertThat(log.hits()).as("it could tell whether a slot was missed").isEmpty();
            assertThat(again.caughtUp("daily")).as("nothing missed since the last firing").isEmpty();
            assertThat(again.nextFiring("daily")).get().matches(t -> t.atZone(java.time.ZoneOffset.UTC).getHour() == 3);
        }
        assertThat(again.firings("daily")).as("stopped: it fired nothing").isEmpty();
    }

    @Test
    @Tag("postgres")
    void restatingJobsOnASharedCatalogKeepsAnUnchangedTriggerAndReplacesAChangedOne(@TempDir Path dir) throws Exception {
        CatalogSpec postgres = TestCatalogs.freshPostgres();
        try {
            Catalog.open(postgres);
            JobSpec a = TestJobs.job("a", kafka.bootstrapServers(), dir.resolve("wa"), postgres, TYPES).withSchedule("0 0 * * * ?");
            JobSpec b = TestJobs.job("b", kafka.bootstrapServers(), dir.resolve("wb"), postgres, TYPES).withSchedule("0 30 * * * ?");
            stateOnly(List.of(a, b));
            Map<String, String> first = storedTriggers(postgres);
            assertThat(first).containsOnlyKeys("a", "b");
            Thread.sleep(1_100); // a trigger made again now would start at another second

            stateOnly(List.of(a, b));
            assertThat(storedTriggers(postgres)).as("a node starting with the same jobs changes nothing").isEqualTo(first);

            long before = Instant.now().toEpochMilli();
            stateOnly(List.of(a.withSchedule("0 15 * * * ?")));
            Map<String, String> changed = storedTriggers(postgres);
            assertThat(changed).as("b's file is gone: it is no longer scheduled").containsOnlyKeys("a");
            String[] cronAndStart = changed.get("a").split(" @");
            assertThat(cronAndStart[0]).isEqualTo("0 15 * * * ?");
            long start = Long.parseLong(cronAndStart[1]);
            assertThat(start % 1000).as("from a whole second").isZero();
            assertThat(start).as("after the slot that may have just fired").isGreaterThan(before);
        } finally {
            TestCatalogs.dropPostgres(postgres);
        }
    }

    /** What Quartz keeps in the catalog: each job's cron expression and its trigger's start time. */
    private static Map<String, String> storedTriggers(CatalogSpec postgres) throws Exception {
        Map<String, String> triggers = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(postgres.url(), postgres.user(), postgres.password().value());
             ResultSet rs = c.createStatement().executeQuery("SELECT t.trigger_name, c.cron_expression, t.start_time"
                     + " FROM qrtz_triggers t JOIN qrtz_cron_triggers c USING (sched_name, trigger_name, trigger_group)")) {
            while (rs.next()) {
                triggers.put(rs.getString(1), rs.getString(2) + " @" + rs.getLong(3));
            }
        }
        return triggers;
    }

    private static void stateOnly(List<JobSpec> jobs) {
        new JobScheduler(jobs, name -> null, new LoaderMetrics(), Faults.NONE, Duration.ofSeconds(5), Duration.ofSeconds(5)).close();
    }

    private JobScheduler scheduler(JobSpec job, LoaderMetrics metrics, Faults faults, Duration misfire) {
        return new JobScheduler(List.of(job), name -> job, metrics, faults, misfire, Duration.ofSeconds(5));
    }

    private static List<RunRow> published(Catalog catalog, String job) {
        return catalog.runs().recent(job, 100).stream().filter(r -> r.status() == RunState.PUBLISHED)
                .sorted(Comparator.comparing(RunRow::startedAt)).toList();
    }

    private static void awaitLoaded(Catalog catalog, String job, long records) throws Exception {
        await(() -> published(catalog, job).stream().mapToLong(RunRow::recordsRead).sum() >= records, Duration.ofSeconds(30),
                records + " records loaded");
        assertThat(published(catalog, job).stream().mapToLong(RunRow::recordsRead).sum()).isEqualTo(records);
    }
}

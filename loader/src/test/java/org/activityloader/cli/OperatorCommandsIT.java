package org.activityloader.cli;

import static org.activityloader.cli.LoaderCli.loader;
import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands an operator reaches for when something is wrong, run as an operator runs them, on
 * one broker: {@code verify --repair} beside cron runs and backfills, a backfill of an hour whose
 * file was deleted by hand (or whose staged file went before it was published), and
 * {@code reset-offsets} on a topic that was not recreated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorCommandsIT {
    private static final List<String> TYPES = List.of("click");
    private static final int EVENTS = 6_000;
    private static final Instant FIRST_HOUR = Instant.parse("2026-01-01T00:00:00Z");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 4);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 161).produce(EVENTS, FIRST_HOUR, 3, 200, TYPES);
    }

    /**
     * Point 1: {@code verify --repair} in a loop beside cron-like runs (each loading a slice) and
     * backfills, all child JVMs on one H2 catalog, many small files. Repair works only from what it
     * sees under the lease: it never removes a file a commit knows, so afterwards every file is there.
     */
    @Test
    void repairBesideRunsAndBackfillsNeverRemovesACommittedFile(@TempDir Path dir) throws Exception {
        JobSpec job = smallFiles(TestJobs.job("race", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES));
        Path jobFile = ChildLoader.writeJobFile(dir, job, "limits:", "  max_records: 700");
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> all = new ArrayList<>();
            all.add(pool.submit(() -> repeat(dir, "run", 6, unexpected, "run", jobFile.toString())));
            all.add(pool.submit(() -> repeat(dir, "repair", 5, unexpected, "verify", jobFile.toString(), "--repair",
                    "--no-duplicate-ids")));
            all.add(pool.submit(() -> repeat(dir, "backfill", 2, unexpected, "backfill", jobFile.toString(), "--from",
                    "2026-01-01T00:00Z", "--to", "2026-01-01T03:00Z", "--reason", "race")));
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).as("exit codes other than done (0) or busy (3)").isEmpty();
        // Whatever the runs left, a last run without a limit loads the rest; then everything is there, once.
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /** Runs the command {@code times} times in child JVMs, noting any exit that is neither 0 nor 3 (busy). */
    private static void repeat(Path dir, String name, int times, ConcurrentLinkedQueue<String> unexpected, String... args) {
        try {
            for (int i = 0; i < times; i++) {
                Path log = dir.resolve(name + "-" + i + ".log");
                int exit = ChildLoader.await(ChildLoader.start(log, null, args), 120);
                if (exit != 0 && exit != 3) {
                    unexpected.add(name + " #" + i + " exited " + exit + ":\n" + Files.readString(log));
                }
                String out = Files.readString(log);
                if (out.contains("repair: removed")) {
                    unexpected.add(name + " #" + i + " removed a file although nothing stray was ever made:\n" + out);
                }
            }
        } catch (Exception e) {
            unexpected.add(name + ": " + e);
        }
    }

    /**
     * Point 1, the other half: a stray file left long ago goes; one written just now stays (it may be a
     * publish in flight), said so, and a later repair removes it once it is old.
     */
    @Test
    void repairRemovesOldStraysAndKeepsFreshOnes(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("strays", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            Path warehouse = Path.of(job.output().warehouse());
            Path old = warehouse.resolve("activity_type=click/date=2026-01-01/hour=00/old-stray.parquet");
            Path fresh = warehouse.resolve("activity_type=click/date=2026-01-01/hour=01/fresh-stray.parquet");
            Files.writeString(old, "left by hand");
            Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            Files.writeString(fresh, "just written");

            LoaderCli.Result repair = loader("verify", jobFile.toString(), "--repair");
            assertThat(repair.out()).contains("repair: removed activity_type=click/date=2026-01-01/hour=00/old-stray.parquet")
                    .contains("repair: kept activity_type=click/date=2026-01-01/hour=01/fresh-stray.parquet")
                    .contains("stray_file: activity_type=click/date=2026-01-01/hour=01/fresh-stray.parquet");
            assertThat(repair.exit()).as("the fresh stray is still a finding").isEqualTo(4);
            assertThat(old).doesNotExist();
            assertThat(fresh).exists();

            Files.setLastModifiedTime(fresh, FileTime.from(Instant.now().minus(Duration.ofHours(3))));
            LoaderCli.Result later = loader("verify", jobFile.toString(), "--repair");
            assertThat(later.exit()).as(later.out() + later.err()).isZero();
            assertThat(fresh).doesNotExist();
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /**
     * Point 2: a live file deleted by hand. verify says which and how to rebuild it; the backfill of
     * its hour rebuilds it (the missing file recorded as lost, the swap goes on); every later command
     * works, and every event is there once.
     */
    @Test
    void backfillRebuildsAnHourWhoseFileWasDeletedByHand(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("lost", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            DataFileRow victim = catalog.manifest().live(job.name()).stream()
                    .filter(f -> f.eventHour() == 1).findFirst().orElseThrow();
            Files.delete(Path.of(job.output().warehouse()).resolve(victim.path()));

            LoaderCli.Result verify = loader("verify", jobFile.toString());
            assertThat(verify.exit()).isEqualTo(4);
            assertThat(verify.out()).contains("missing_file: " + victim.path())
                    .contains("loader backfill lost --hours 2026-01-01T01 --types click");
            assertThat(loader("sql", jobFile.toString(), "SELECT COUNT(*) FROM activity").err())
                    .as("a query would leave the lost records out: refused, saying why").contains("missing from the warehouse");

            LoaderCli.Result backfill = loader("backfill", jobFile.toString(), "--hours", "2026-01-01T01", "--types", "click",
                    "--reason", "file deleted by hand");
            assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
            assertThat(catalog.manifest().withPaths(List.of(victim.path())).get(0).lostAt())
                    .as("the missing file is recorded as lost").isNotNull();

            for (String[] command : List.of(new String[] {"run", jobFile.toString()},
                    new String[] {"backfill", jobFile.toString(), "--hours", "2026-01-01T01", "--reason", "again"},
                    new String[] {"verify", jobFile.toString(), "--repair"}, new String[] {"vacuum", jobFile.toString()})) {
                LoaderCli.Result r = loader(command);
                assertThat(r.exit()).as(String.join(" ", command) + ": " + r.out() + r.err()).isZero();
            }
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /**
     * Point 2, the publishing step that cannot finish: a run killed after its commit, then one of its
     * staged files removed. The next run publishes the rest and records the file lost (before, every
     * later command failed); verify says so until a backfill of the hour rebuilds it.
     */
    @Test
    void aStagedFileRemovedBeforeItsPublishIsLostNotAWedge(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("unpublished", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withLeaseTimeout(Duration.ofSeconds(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path log = dir.resolve("killed.log");
        Clock beforeTheRun = Clock.fixed(Instant.now(), java.time.ZoneOffset.UTC);
        int exit = ChildLoader.await(ChildLoader.start(log, "AFTER_COMMIT_BEFORE_PUBLISH:halt", "run", jobFile.toString()), 120);
        assertThat(exit).as(Files.readString(log)).isNotZero();
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            DataFileRow gone = catalog.manifest().live(job.name()).stream()
                    .filter(f -> f.eventHour() == 2).findFirst().orElseThrow();
            storage.deleteRecursively(gone.stagingPath());
            // while its lease lasts the run may still be publishing: not a finding yet; once it expired, it is
            assertThat(new WarehouseAudit(catalog, storage, beforeTheRun).verify(job.name())).extracting(Finding::kind).doesNotContain("unpublished");
            Thread.sleep(2_500); // the killed run's lease expires
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).extracting(Finding::kind).contains("unpublished");

            LoaderCli.Result run = loader("run", jobFile.toString());
            assertThat(run.exit()).as(run.out() + run.err()).isZero();
            LoaderCli.Result verify = loader("verify", jobFile.toString());
            assertThat(verify.exit()).isEqualTo(4);
            assertThat(verify.out()).contains("lost_file: " + gone.path()).contains("--hours 2026-01-01T02 --types click");

            LoaderCli.Result backfill = loader("backfill", jobFile.toString(), "--hours", "2026-01-01T02", "--reason", "lost in staging");
            assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /**
     * Point 3: reset-offsets on a topic that was not recreated is refused (exit 2, nothing changed);
     * forced, it needs a reason, says what it doubles, and verify then finds the offsets loaded twice
     * and warns of the event ids held twice.
     */
    @Test
    void resetOfATopicThatWasNotRecreatedIsRefusedUnlessForced(@TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("reset", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            List<StoredOffset> before = catalog.offsets().of(job.name()).all();

            LoaderCli.Result refused = loader("reset-offsets", jobFile.toString(), "--topic", "clicks");
            assertThat(refused.exit()).isEqualTo(2);
            assertThat(refused.err()).contains("topic clicks was not recreated").contains("--force").hasLineCount(1);
            List<StoredOffset> after = catalog.offsets().of(job.name()).all();
            assertThat(after).as("nothing changed").isEqualTo(before);
            assertThat(loader("reset-offsets", jobFile.toString(), "--topic", "clicks", "--force").exit())
                    .as("--force without --reason").isEqualTo(2);

            LoaderCli.Result forced = loader("reset-offsets", jobFile.toString(), "--topic", "clicks", "--force",
                    "--reason", "replay for the test");
            assertThat(forced.exit()).as(forced.err()).isZero();
            assertThat(forced.out()).contains("will be loaded a second time");
            RunSummary again = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(again.counts().recordsRead()).isEqualTo(EVENTS);

            LoaderCli.Result verify = loader("verify", jobFile.toString());
            assertThat(verify.exit()).isEqualTo(4);
            assertThat(verify.out()).contains("loaded_twice: clicks-0 offsets [0, ")
                    .contains("warning: activity_type=click/date=2026-01-01/hour=00 holds");
            assertThat(verify.out().lines().filter(l -> l.startsWith("loaded_twice")).count()).isEqualTo(4);
        }
    }

    private static JobSpec smallFiles(JobSpec job) {
        OutputSpec o = job.output();
        return job.withOutput(new OutputSpec(o.warehouse(), o.format(), o.compression(), 16 << 10, 24 << 10, o.maxOpenFiles()));
    }

    private void assertExactlyOnce(JobSpec job, Catalog catalog, Storage storage) throws Exception {
        ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), job.name());
        assertThat(back.duplicates()).as("duplicated event ids").isZero();
        assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
        assertThat(back.byHour()).isEqualTo(produced.goodByHour());
        List<Finding> findings = new WarehouseAudit(catalog, storage).verify(job.name());
        assertThat(findings).as("verify findings").isEmpty();
        Set<String> onDisk = new HashSet<>(storage.listDataFiles());
        assertThat(onDisk).as("every live file is in its folder")
                .containsAll(catalog.manifest().published(job.name()).stream().map(DataFileRow::path).toList());
    }
}

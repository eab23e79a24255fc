package org.activityloader.commit;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
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
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows of the fault matrix where two processes meet: two {@code loader run} of one job at once, a
 * stale run (SIGSTOP past its lease) that wakes up after another run recovered it, SIGTERM during a
 * run, and {@code verify --repair} beside a loading run. Each uses real child JVMs, real signals,
 * the real broker, an H2 catalog and the local file system.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrencyFaultsIT {
    // ExitCodes is package-private in cli; the values are the README's contract.
    private static final int EXIT_OK = 0;
    private static final int EXIT_ALREADY_RUNNING = 3;
    private static final int EXIT_COMMIT_CONFLICT = 5;

    private static final List<String> TYPES = List.of("click");
    private static final int EVENTS = 3_000;
    private static final String SEALED = "fault point AFTER_SEAL reached";

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 4);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 23)
                .produce(EVENTS, Instant.parse("2026-01-01T00:00:00Z"), 3, 150, TYPES);
        assertThat(produced.malformed()).as("some rejects in the traffic").isPositive();
    }

    /** Row 1: a second {@code loader run} while the first holds the lease exits at once with code 3. */
    @Test
    void secondRunInAnotherJvmExitsAtOnceWhileTheFirstIsLoading(@TempDir Path dir) throws Exception {
        JobSpec job = job("twice", dir, Duration.ofMinutes(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        // A waits at its seal until this test lets it go on, whatever B's JVM start takes.
        Path release = dir.resolve("release-a");
        Process a = ChildLoader.start(logA, "AFTER_SEAL:await=" + release, "run", jobFile.toString());
        try {
            ChildLoader.awaitLog(logA, SEALED, 90);
            long startedB = System.nanoTime();
            Process b = ChildLoader.start(logB, null, "run", jobFile.toString());
            int exitB = ChildLoader.await(b, 60);
            double secondsB = (System.nanoTime() - startedB) / 1e9;
            String outB = Files.readString(logB);
            assertThat(exitB).as("B's exit code; log:\n" + outB).isEqualTo(EXIT_ALREADY_RUNNING);
            assertThat(outB).contains("already running").doesNotContain("\tat ");
            assertThat(a.isAlive()).as("A is still held at its seal").isTrue();
            // A 2-minute lease held by A: waiting for it, B would take minutes; it exits after its JVM start.
            assertThat(secondsB).as("B does not wait for the lease").isLessThan(60);
            Files.createFile(release);

            int exitA = ChildLoader.await(a, 90);
            assertThat(exitA).as("A's exit code; log:\n" + Files.readString(logA)).isEqualTo(EXIT_OK);
            assertThat(Files.readString(logA)).contains("of job twice: read " + String.format("%,d", EVENTS) + " records");
        } finally {
            a.destroyForcibly();
        }

        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).as("B never started a run").hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(RunState.PUBLISHED);
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /**
     * Row 2: a run frozen (SIGSTOP) past its lease is recovered by the next run; when it thaws
     * (SIGCONT) its commit is fenced: exit 5, nothing of it committed, everything still exactly once.
     */
    @Test
    void staleRunThawedAfterItsLeaseExpiredIsFencedAtCommit(@TempDir Path dir) throws Exception {
        Duration lease = Duration.ofMinutes(2);
        JobSpec job = job("stale", dir, lease);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path logA = dir.resolve("a.log");
        // This JVM opens the H2 catalog first and keeps it open, so it is H2's AUTO_SERVER host:
        // a frozen child then cannot freeze the catalog with it (as a real catalog server would not be).
        try (Connection hold = holdCatalog(job);
             Storage storage = new Storage(job.output().warehouse())) {
            Catalog catalog = Catalog.open(job.catalog());
            Path release = dir.resolve("release-a");
            Process a = ChildLoader.start(logA, "AFTER_SEAL:await=" + release, "run", jobFile.toString());
            try {
                ChildLoader.awaitLog(logA, SEALED, 90);
                signal(a, "STOP");
                awaitState(a, 'T');
                Files.createFile(release); // seen by A only once it thaws

                List<RunRow> running = catalog.runs().withStatus(job.name(), RunState.RUNNING);
                assertThat(running).as("A's run is in the catalog, not committed").hasSize(1);
                String runA = running.get(0).runId();
                assertThat(storage.listFiles("_staging/" + runA)).as("A sealed its staging files").isNotEmpty();
                assertThat(storage.listDataFiles()).as("nothing of A visible before its commit").isEmpty();

                assertThatThrownBy(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false)::run)
                        .as("A's lease holds while it has not expired").isInstanceOf(JobBusyException.class);
                // Past A's lease (the next run's clock is moved, rather than waiting it out):
                RunSummary next = new LoadRun(job, catalog, storage, TestClocks.pastLease(lease), Faults.NONE, () -> false).run();
                assertThat(a.isAlive()).as("A is still frozen").isTrue();
                assertThat(next.recovered()).as("the new run aborted A's run")
                        .anyMatch(line -> line.contains("aborted interrupted run " + runA));
                assertThat(next.counts().recordsRead()).as("the new run loaded everything").isEqualTo(EVENTS);
                assertThat(status(catalog, runA)).isEqualTo(RunState.ABORTED);
                assertThat(storage.exists("_staging/" + runA)).as("A's staging removed by recovery").isFalse();

                signal(a, "CONT");
                int exitA = ChildLoader.await(a, 90);
                String outA = Files.readString(logA);
                assertThat(exitA).as("A's exit code; log:\n" + outA).isEqualTo(EXIT_COMMIT_CONFLICT);
                assertThat(outA).contains("error: ").contains(runA).contains("refused")
                        .containsAnyOf("lost the lease", "no longer holds the lease");
            } finally {
                if (a.isAlive()) {
                    signal(a, "CONT");
                    a.destroyForcibly();
                }
            }

            String runA = catalog.runs().recent(job.name(), 10).stream()
                    .filter(r -> !r.status().equals(RunState.PUBLISHED)).map(RunRow::runId).findFirst().orElseThrow();
            assertThat(status(catalog, runA)).as("A's run stays aborted").isEqualTo(RunState.ABORTED);
            List<DataFileRow> filesOfA = catalog.manifest().ofRun(runA);
            assertThat(filesOfA).as("no file of A in the catalog").isEmpty();
            assertThat(storage.listDataFiles()).as("no file of A in the final folders").noneMatch(p -> p.contains(runA));
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /**
     * The lease lives as long as its run: a seal slower than the lease timeout (a busy HDFS) keeps it,
     * so a run started meanwhile finds the job busy instead of aborting the sealing run.
     */
    @Test
    void aSealSlowerThanTheLeaseTimeoutKeepsTheLease(@TempDir Path dir) throws Exception {
        JobSpec job = job("slow-seal", dir, Duration.ofSeconds(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path logA = dir.resolve("a.log");
        Path logB = dir.resolve("b.log");
        Process a = ChildLoader.start(logA, "AFTER_STAGING_WRITE:sleep=7000", "run", jobFile.toString());
        try {
            ChildLoader.awaitLog(logA, "fault point AFTER_STAGING_WRITE reached", 90);
            Thread.sleep(3_000); // past the lease timeout: only the heartbeat keeps A's lease
            int exitB = ChildLoader.await(ChildLoader.start(logB, null, "run", jobFile.toString()), 60);
            assertThat(exitB).as("B finds the job busy; log:\n" + Files.readString(logB)).isEqualTo(EXIT_ALREADY_RUNNING);
            int exitA = ChildLoader.await(a, 90);
            assertThat(exitA).as("A finishes; log:\n" + Files.readString(logA)).isEqualTo(EXIT_OK);
        } finally {
            a.destroyForcibly();
        }
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).as("A's run only, published").hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(RunState.PUBLISHED);
            assertExactlyOnce(job, catalog, storage);
        }
    }

    /** Row 3: SIGTERM during a run: it stops before its commit, cleans up, releases its lease and exits. */
    @Test
    void sigtermDuringARunCommitsNothingAndTheNextRunLoadsEverything(@TempDir Path dir) throws Exception {
        JobSpec job = job("sigterm", dir, Duration.ofMinutes(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path logA = dir.resolve("a.log");
        Path release = dir.resolve("release-a");
        Process a = ChildLoader.start(logA, "AFTER_SEAL:await=" + release, "run", jobFile.toString());
        String runA;
        String outA;
        double seconds;
        Catalog catalog;
        try (Storage storage = new Storage(job.output().warehouse())) {
            try {
                ChildLoader.awaitLog(logA, SEALED, 90);
                runA = storage.listNames("_staging").stream().findFirst().orElseThrow();
                assertThat(storage.listFiles("_staging/" + runA)).as("A sealed its staging files").isNotEmpty();

                a.destroy(); // SIGTERM
                ChildLoader.awaitLog(logA, "stop requested by a signal", 30);
                long released = System.nanoTime();
                Files.createFile(release); // A goes on from its seal, to the safe point where it stops
                int exitA = ChildLoader.await(a, 60);
                seconds = (System.nanoTime() - released) / 1e9;
                outA = Files.readString(logA);
                assertThat(exitA).as("A's exit code; log:\n" + outA).isNotZero().isEqualTo(143);
                assertThat(outA).doesNotContain("of job sigterm: read").contains("error: ").contains("stopped on request");
            } finally {
                a.destroyForcibly();
            }

            catalog = Catalog.open(job.catalog());
            RunRow row = catalog.runs().find(runA).orElseThrow();
            assertThat(row.status()).isEqualTo(RunState.FAILED);
            assertThat(row.error()).contains("stopped on request");
            List<DataFileRow> filesOfA = catalog.manifest().ofRun(runA);
            assertThat(filesOfA).as("no file of A in the catalog").isEmpty();
            assertThat(storage.listDataFiles()).as("nothing of A in the final folders").isEmpty();
            assertThat(storage.listNames("_staging")).as("A removed its staging").isEmpty();

            // A released its lease on the way out: the next run starts at once, no JobBusyException.
            RunSummary next = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            assertThat(next.counts().recordsRead()).isEqualTo(EVENTS);
            assertThat(next.recovered()).as("nothing left for recovery").isEmpty();
            assertExactlyOnce(job, catalog, storage);
        }
        // Last, so that a failure here shows that everything above held: the run reached its safe
        // point right after it went on, so the JVM has no reason to linger until the 30 s grace ends.
        assertThat(seconds).as("A exits soon after it reaches its safe point; log:\n" + outA).isLessThan(20);
    }

    /** Row 4: {@code verify --repair} beside a loading run refuses (exit 3) and touches nothing. */
    @Test
    void repairWhileARunIsLoadingRefusesAndTouchesNothing(@TempDir Path dir) throws Exception {
        JobSpec job = job("repair-busy", dir, Duration.ofMinutes(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path logA = dir.resolve("a.log");
        Path logRepair = dir.resolve("repair.log");
        Path warehouse = Path.of(job.output().warehouse());
        String strayPath = "activity_type=click/date=2026-01-01/hour=00/stray.parquet";
        // A waits at its seal while a whole child `verify --repair` runs beside it.
        Path release = dir.resolve("release-a");
        Process a = ChildLoader.start(logA, "AFTER_SEAL:await=" + release, "run", jobFile.toString());
        try (Storage storage = new Storage(job.output().warehouse())) {
            try {
                ChildLoader.awaitLog(logA, SEALED, 90);
                Path stray = warehouse.resolve(strayPath);
                Files.createDirectories(stray.getParent());
                Files.writeString(stray, "not a parquet file");
                Map<String, Long> stagedBefore = sizes(storage, storage.listFiles("_staging"));
                assertThat(stagedBefore).as("A's staged files").isNotEmpty();

                Process repair = ChildLoader.start(logRepair, null, "verify", jobFile.toString(), "--repair");
                int exitRepair = ChildLoader.await(repair, 60);
                boolean aStillStalled = a.isAlive();
                Map<String, Long> stagedAfter = sizes(storage, storage.listFiles("_staging"));
                String outRepair = Files.readString(logRepair);
                Files.createFile(release);

                assertThat(aStillStalled).as("the repair finished while A was still loading").isTrue();
                assertThat(exitRepair).as("verify --repair exit code; log:\n" + outRepair).isEqualTo(EXIT_ALREADY_RUNNING);
                assertThat(outRepair).contains("already running").doesNotContain("repair: ");
                assertThat(stagedAfter).as("A's staging untouched").isEqualTo(stagedBefore);
                assertThat(Files.exists(stray)).as("a refused repair removes nothing").isTrue();

                int exitA = ChildLoader.await(a, 90);
                assertThat(exitA).as("A's exit code; log:\n" + Files.readString(logA)).isEqualTo(EXIT_OK);

                Catalog catalog = Catalog.open(job.catalog());
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name()))
                        .as("the only finding is the planted stray file")
                        .containsExactly(new Finding(Finding.STRAY_FILE, strayPath));
                Files.delete(stray);
                List<RunRow> runs = catalog.runs().recent(job.name(), 10);
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).status()).isEqualTo(RunState.PUBLISHED);
                assertExactlyOnce(job, catalog, storage);
            } finally {
                a.destroyForcibly();
            }
        }
    }

    /** Row 4, positive path: with no run going, {@code verify --repair} removes a stray file and nothing else. */
    @Test
    void repairWithNoRunGoingRemovesAStrayFileOnly(@TempDir Path dir) throws Exception {
        JobSpec job = job("repair-idle", dir, Duration.ofMinutes(2));
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path warehouse = Path.of(job.output().warehouse());
        String strayPath = "activity_type=click/date=2026-01-01/hour=00/stray.parquet";
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            List<DataFileRow> published = catalog.manifest().published(job.name());
            assertThat(published).isNotEmpty();
            assertThat(published).as("the stray lands beside published files")
                    .anyMatch(f -> f.path().startsWith("activity_type=click/date=2026-01-01/hour=00/"));
            Map<String, String> before = fingerprints(warehouse, published);

            Path stray = warehouse.resolve(strayPath);
            Files.writeString(stray, "not a parquet file");
            // Left there an hour ago (repair keeps a file younger than the lease timeout: it may be a publish in flight).
            Files.setLastModifiedTime(stray, java.nio.file.attribute.FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name()))
                    .containsExactly(new Finding(Finding.STRAY_FILE, strayPath));

            Path logRepair = dir.resolve("repair.log");
            int exitRepair = ChildLoader.await(ChildLoader.start(logRepair, null, "verify", jobFile.toString(), "--repair"), 60);
            String outRepair = Files.readString(logRepair);
            assertThat(exitRepair).as("verify --repair exit code; log:\n" + outRepair).isEqualTo(EXIT_OK);
            assertThat(outRepair).contains("repair: removed " + strayPath).contains("no findings");
            assertThat(Files.exists(stray)).as("stray removed").isFalse();
            assertThat(fingerprints(warehouse, published)).as("published files untouched").isEqualTo(before);

            Path logVerify = dir.resolve("verify.log");
            int exitVerify = ChildLoader.await(ChildLoader.start(logVerify, null, "verify", jobFile.toString()), 60);
            assertThat(exitVerify).as("verify; log:\n" + Files.readString(logVerify)).isEqualTo(EXIT_OK);
            assertThat(Files.readString(logVerify)).contains("no findings");
            assertExactlyOnce(job, catalog, storage);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private JobSpec job(String name, Path dir, Duration lease) {
        JobSpec job = TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withLeaseTimeout(lease);
        OutputSpec o = job.output();
        return job.withOutput(new OutputSpec(o.warehouse(), o.format(), o.compression(), 128 << 10, o.maxFileBytes(),
                o.maxOpenFiles()));
    }

    private static Connection holdCatalog(JobSpec job) throws Exception {
        return DriverManager.getConnection(job.catalog().url(), job.catalog().user(), job.catalog().password().value());
    }

    private static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).redirectErrorStream(true).start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -" + signal + " finished").isTrue();
        assertThat(kill.exitValue()).as("kill -" + signal + " " + p.pid() + ": " + new String(kill.getInputStream().readAllBytes()))
                .isZero();
    }

    /** Waits until /proc says the process is in the given state (T: stopped). */
    private static void awaitState(Process p, char state) throws Exception {
        Path stat = Path.of("/proc", String.valueOf(p.pid()), "stat");
        // pid (comm) STATE ...: the state follows the last ')'
        await(() -> {
            String now = Files.readString(stat);
            return now.charAt(now.lastIndexOf(')') + 2) == state;
        }, Duration.ofSeconds(10), "process " + p.pid() + " in state " + state);
    }

    private static RunState status(Catalog catalog, String runId) {
        return catalog.runs().find(runId).orElseThrow().status();
    }

    private static Map<String, Long> sizes(Storage storage, List<String> paths) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (String p : paths) {
            out.put(p, storage.size(p));
        }
        return out;
    }

    /** Size, modification time and inode of each file: a rewrite or a re-rename would change them. */
    private static Map<String, String> fingerprints(Path warehouse, List<DataFileRow> files) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (DataFileRow f : files) {
            Path p = warehouse.resolve(f.path());
            out.put(f.path(), Files.size(p) + "/" + Files.getLastModifiedTime(p).toMillis() + "/"
                    + Files.getAttribute(p, "unix:ino"));
        }
        return out;
    }

    private void assertExactlyOnce(JobSpec job, Catalog catalog, Storage storage) throws Exception {
        ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), job.name());
        assertThat(back.duplicates()).as("duplicated event ids").isZero();
        assertThat(back.rows()).isEqualTo(produced.good());
        assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
        assertThat(back.byHour()).isEqualTo(produced.goodByHour());
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("verify findings").isEmpty();
        assertThat(storage.listNames("_staging")).as("staging left").isEmpty();
    }
}

package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.Secret;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The embedded catalog keeps every commit through a SIGKILL of the process that serves it. A child
 * JVM opens the H2 file first (so it serves it, AUTO_SERVER) and keeps it open; a run in another
 * child JVM stops right after one of its commit points; the serving process is killed; then the
 * catalog, opened afresh, holds what the run had committed, the run goes on (it reconnects and
 * serves the file itself) and exits 0, and every event is loaded once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H2ServerKillIT {
    private static final List<String> TYPES = List.of("click");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    /** Child JVM: opens the catalog (becoming its server), says so, and keeps it open until killed. */
    public static final class ServeCatalog {
        public static void main(String[] args) throws Exception {
            Catalog catalog = Catalog.open(new CatalogSpec(args[0], "sa", Secret.NONE));
            catalog.read((Handle h) -> {
                System.out.println("serving");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
        }
    }

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 2);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 88).produce(2_000, Instant.parse("2026-02-01T00:00:00Z"), 2, 100, TYPES);
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, names = {"AFTER_SEAL", "COMMIT_REPLY_LOST", "AFTER_COMMIT_BEFORE_PUBLISH",
            "AFTER_PUBLISH_BEFORE_CLEANUP"})
    void killingTheServingProcessAfterACommitPointKeepsTheCommit(FaultPoint point, @TempDir Path dir) throws Exception {
        CatalogSpec spec = TestCatalogs.h2(dir);
        JobSpec job = TestJobs.job("served", kafka.bootstrapServers(), dir.resolve("warehouse"), spec, TYPES);
        Catalog.open(spec); // created (and migrated) before either child opens it, then closed: the server child opens it first
        org.activityloader.testing.H2Shutdown.closeAll();
        TestCatalogs.h2(dir); // closed again after the test
        Path jobFile = ChildLoader.writeJobFile(dir, job);

        Path serverLog = dir.resolve("server.log");
        Process server = ChildLoader.startMain(serverLog, null, ServeCatalog.class.getName(), Catalog.durableUrl(spec.url()));
        ChildLoader.awaitLog(serverLog, "serving", 60);
        Path release = dir.resolve("release");
        Path runLog = dir.resolve("run.log");
        Process run = ChildLoader.start(runLog, point + ":await=" + release, "run", jobFile.toString());
        try {
            ChildLoader.awaitLog(runLog, "fault point " + point + " reached", 120);
            server.destroyForcibly();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

            RunState expected = switch (point) {
                case AFTER_SEAL -> RunState.RUNNING;
                case AFTER_PUBLISH_BEFORE_CLEANUP -> RunState.PUBLISHED;
                default -> RunState.COMMITTED;
            };
            // Asked from a third process (this one), which may now serve the file: the run's state as it committed it.
            Catalog catalog = Catalog.open(spec);
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).as("the run's row, written through the killed server").hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(expected);
            if (expected != RunState.RUNNING) {
                List<StoredOffset> offsets = catalog.offsets().of(job.name()).all();
                assertThat(offsets).as("its offsets").hasSize(2);
            }

            Files.createFile(release);
            int exit = ChildLoader.await(run, 120);
            assertThat(exit).as("the run reconnects and finishes; log:\n" + Files.readString(runLog)).isZero();
            try (Storage storage = new Storage(job.output().warehouse())) {
                new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
                assertThat(back.duplicates()).isZero();
                assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            }
        } finally {
            server.destroyForcibly();
            run.destroyForcibly();
        }
    }
}

package org.activityloader.commit;

import static org.activityloader.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL server restarts ({@code pg_ctlcluster ... restart}, as an operator or a failover
 * would) while a run waits before its commit, and while its commit transaction is open. The run
 * reconnects; a commit cut off is found not to have landed and is made again: the run exits 0,
 * committed once, and every event is loaded once.
 */
@Tag("postgres")
@Tag("postgres-restart")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresRestartIT {
    private static final List<String> TYPES = List.of("click");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 2);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 99).produce(3_000, Instant.parse("2026-03-10T00:00:00Z"), 2, 150, TYPES);
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, names = {"AFTER_SEAL", "INSIDE_COMMIT"})
    void aRestartOfTheCatalogServerIsRiddenOut(FaultPoint point, @TempDir Path dir) throws Exception {
        CatalogSpec postgres = TestCatalogs.freshPostgres();
        try {
            JobSpec job = TestJobs.job("restart", kafka.bootstrapServers(), dir.resolve("warehouse"), postgres, TYPES);
            Path jobFile = ChildLoader.writeJobFile(dir, job);
            Path release = dir.resolve("release");
            Path log = dir.resolve("run.log");
            Process run = ChildLoader.start(log, point + ":await=" + release, "run", jobFile.toString());
            try {
                ChildLoader.awaitLog(log, "fault point " + point + " reached", 120);
                restartPostgres();
                Files.createFile(release);
                int exit = ChildLoader.await(run, 180);
                assertThat(exit).as("the run rides out the restart; log:\n" + Files.readString(log)).isZero();
                if (point == FaultPoint.INSIDE_COMMIT) {
                    assertThat(Files.readString(log)).as("the commit cut off was found not to have landed, and made again")
                            .contains("the catalog connection was lost during the commit, which did not land; committing again");
                }
            } finally {
                run.destroyForcibly();
            }
            Catalog catalog = Catalog.open(postgres);
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).as("one run, committed once and published").hasSize(1);
            assertThat(runs.get(0).status()).isEqualTo(RunState.PUBLISHED);
            assertThat(runs.get(0).catalogVersion()).isEqualTo(1L);
            try (Storage storage = new Storage(job.output().warehouse())) {
                assertThat(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run().committed())
                        .as("nothing left to load").isFalse();
                ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
                assertThat(back.duplicates()).isZero();
                assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            }
        } finally {
            TestCatalogs.dropPostgres(postgres);
        }
    }

    /** The local server, restarted as the machine's tools do it; waits until it accepts connections again. */
    private static void restartPostgres() throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        Process restart = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart")
                .redirectErrorStream(true).start();
        assertThat(restart.waitFor(120, TimeUnit.SECONDS)).as("pg_ctlcluster restart finished").isTrue();
        assertThat(restart.exitValue()).as(new String(restart.getInputStream().readAllBytes())).isZero();
        await(() -> {
            Process ready = new ProcessBuilder("pg_isready", "-h", "127.0.0.1", "-p", "5432", "-q").start();
            return ready.waitFor(10, TimeUnit.SECONDS) && ready.exitValue() == 0;
        }, Duration.ofSeconds(30), "PostgreSQL accepting connections again after its restart");
    }
}

package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.FaultPoint;
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
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs interrupted at every fault point of the commit protocol, by an exception in this JVM and
 * by halting a child-JVM {@code loader run} there (as kill -9 would). The next run must recover:
 * every event exactly once, verify clean, nothing uncommitted ever visible in the final folders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryIT {
    private static final List<String> TYPES = List.of("click");
    private static final Duration LEASE = Duration.ofMinutes(2);

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void startBroker() {
        kafka.createTopics(List.of("clicks"), 4);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 11)
                .produce(4_000, Instant.parse("2026-05-01T08:00:00Z"), 3, 200, TYPES);
    }

    private JobSpec job(String name, Path dir) {
        return TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withLeaseTimeout(LEASE);
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, mode = EnumSource.Mode.EXCLUDE, names = "MIGRATION_STATEMENT")
    void exceptionAtAnyPointIsRecoveredByTheNextRun(FaultPoint point, @TempDir Path dir) throws Exception {
        JobSpec job = job("throw-" + point.name().toLowerCase(), dir);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            Faults fault = p -> {
                if (p == point) {
                    throw new Faults.InjectedFault(p);
                }
            };
            LoadRun failing = new LoadRun(job, catalog, storage, Clock.systemUTC(), fault, () -> false);
            if (point == FaultPoint.COMMIT_REPLY_LOST) {
                // The run asks the catalog whether its commit happened, finds it did, and publishes.
                RunSummary summary = failing.run();
                assertThat(catalog.runs().find(summary.runId()).orElseThrow().status())
                        .isEqualTo(RunState.PUBLISHED);
                assertExactlyOnce(job, catalog, storage);
                return;
            }
            if (point == FaultPoint.AFTER_PUBLISH_BEFORE_CLEANUP) {
                // Published: what fails in the clean-up after it is a warning, never the run's outcome.
                RunSummary summary = failing.run();
                assertThat(summary.warnings()).singleElement().asString().contains("staging folder was not removed");
                assertThat(storage.listNames("_staging")).as("left for the next run").containsExactly(summary.runId());
            } else if (point == FaultPoint.AFTER_PUBLISH_BEFORE_MARKERS) {
                RunSummary summary = failing.run();
                assertThat(summary.warnings()).singleElement().asString().contains("_SUCCESS of some hours");
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("the markers are missing")
                        .extracting(Finding::kind).contains("missing_marker");
            } else if (point == FaultPoint.BETWEEN_RENAMES) {
                // Committed, publishing cut short: its own outcome (exit 8), finished by the next run.
                assertThatThrownBy(failing::run).isInstanceOf(PublishUnfinishedException.class)
                        .hasCauseInstanceOf(Faults.InjectedFault.class);
            } else {
                assertThatThrownBy(failing::run).isInstanceOf(Faults.InjectedFault.class);
            }
            if (point.ordinal() <= FaultPoint.INSIDE_COMMIT.ordinal()) {
                assertThat(storage.listDataFiles()).as("nothing visible before the commit").isEmpty();
                assertThat(storage.listNames("_staging")).as("a failed run removes its staging").isEmpty();
            }
            RunSummary next = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            if (point.ordinal() >= FaultPoint.AFTER_COMMIT_BEFORE_PUBLISH.ordinal()) {
                assertThat(next.counts().recordsRead()).as("the committed run's offsets are not read again").isZero();
            }
            assertExactlyOnce(job, catalog, storage);
        }
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, mode = EnumSource.Mode.EXCLUDE, names = "MIGRATION_STATEMENT")
    void processHaltedAtAnyPointIsRecoveredByTheNextRun(FaultPoint point, @TempDir Path dir) throws Exception {
        JobSpec job = job("halt-" + point.name().toLowerCase(), dir);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Process child = ChildLoader.start(dir.resolve("child.log"), point + ":halt", "run", jobFile.toString());
        assertThat(ChildLoader.await(child, 120)).as("halted at " + point + "; log: " + Files.readString(dir.resolve("child.log")))
                .isEqualTo(137);

        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).hasSize(1);
            if (point.ordinal() <= FaultPoint.INSIDE_COMMIT.ordinal()) {
                assertThat(runs.get(0).status()).isEqualTo(RunState.RUNNING);
                assertThat(storage.listDataFiles()).as("nothing visible before the commit").isEmpty();
            } else if (point.ordinal() < FaultPoint.AFTER_PUBLISH_BEFORE_MARKERS.ordinal()) {
                assertThat(runs.get(0).status()).isEqualTo(RunState.COMMITTED);
            }
            // The dead run's lease blocks the job until it expires; then the next run recovers. Its
            // clock is moved past the expiry rather than waiting the lease out.
            assertThatThrownBy(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false)::run)
                    .as("the halted run still holds the lease").isInstanceOf(JobBusyException.class);
            new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
            assertExactlyOnce(job, catalog, storage);
            assertThat(catalog.runs().find(runs.get(0).runId()).orElseThrow().status())
                    .isIn(RunState.ABORTED, RunState.PUBLISHED);
        }
    }

    private void assertExactlyOnce(JobSpec job, Catalog catalog, Storage storage) throws Exception {
        ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), job.name());
        assertThat(back.duplicates()).isZero();
        assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
        assertThat(back.byHour()).isEqualTo(produced.goodByHour());
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        assertThat(storage.listNames("_staging")).isEmpty();
    }
}

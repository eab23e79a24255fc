package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.config.Secret;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.FaultPoint;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.BoundedRun;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalog;
import org.junit.jupiter.api.Tag;
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The PostgreSQL catalog goes away: before a run starts (a bad configuration, exit 2, nothing
 * touched), or while a run is about to commit, inside its commit, or right after it (the database
 * stops accepting connections and its sessions are terminated). Nothing uncommitted may become
 * visible, and once the database is back the next run recovers and every event is loaded once.
 */
@Tag("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogOutageIT {
    private static final List<String> TYPES = List.of("click");
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration RUN_BOUND = Duration.ofSeconds(60);

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    @RegisterExtension
    static final TestCatalog catalogs = TestCatalog.postgres();
    Traffic produced;
    CatalogSpec postgres;
    String database;

    @BeforeAll
    void setUp(@TempDir Path dir) {
        postgres = catalogs.fresh(dir);
        database = postgres.url().substring(postgres.url().lastIndexOf('/') + 1);
        kafka.createTopics(List.of("clicks"), 4);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 61)
                .produce(3_000, Instant.parse("2026-08-01T06:00:00Z"), 3, 150, TYPES);
    }

    @AfterEach
    void databaseBack() throws SQLException {
        if (postgres != null) {
            allowConnections(true);
        }
    }

    @Test
    void catalogDownAtStartIsABadConfigurationNamingCatalogUrl(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        CatalogSpec unreachable = new CatalogSpec("jdbc:postgresql://127.0.0.1:" + closedPort + "/" + database, "postgres", Secret.NONE);
        JobSpec job = TestJobs.job("catalog-down-at-start", kafka.bootstrapServers(), dir.resolve("warehouse"), unreachable, TYPES);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Path log = dir.resolve("child.log");

        long started = System.nanoTime();
        int exit = ChildLoader.await(ChildLoader.start(log, null, "run", jobFile.toString()), 60);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        String output = Files.readString(log);

        assertThat(exit).as("exit code BAD_CONFIG; output:\n" + output).isEqualTo(2);
        List<String> errors = output.lines().filter(l -> l.startsWith("error:")).toList();
        assertThat(errors).as("one error line; output:\n" + output).hasSize(1);
        assertThat(errors.get(0)).startsWith("error: " + jobFile + ": catalog.url: ").contains(String.valueOf(closedPort));
        assertThat(output).as("no stack trace").doesNotContain("\tat ");
        assertThat(seconds).as("fails at once, not after retries").isLessThan(30);
        assertThat(Files.exists(dir.resolve("warehouse"))).as("nothing written to the warehouse").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = FaultPoint.class, names = {"AFTER_SEAL", "INSIDE_COMMIT", "COMMIT_REPLY_LOST"})
    void catalogDownAroundTheCommitIsRecoveredByTheNextRun(FaultPoint point, @TempDir Path dir) throws Exception {
        JobSpec job = TestJobs.job("catalog-down-" + point.name().toLowerCase().replace('_', '-'), kafka.bootstrapServers(),
                dir.resolve("warehouse"), postgres, TYPES).withLeaseTimeout(LEASE);
        // A database refusing connections is a lost connection: waited out for a few seconds here (30 s in production).
        Catalog catalog = Catalog.open(job.catalog()).withPatience(Duration.ofSeconds(3));
        try (Storage storage = new Storage(job.output().warehouse())) {
            AtomicBoolean wentDown = new AtomicBoolean();
            Faults outage = p -> {
                if (p == point) {
                    try {
                        allowConnections(false);
                    } catch (SQLException e) {
                        throw new IllegalStateException("could not take the catalog database down", e);
                    }
                    wentDown.set(true);
                }
            };
            Throwable failure = BoundedRun.failureOf(new LoadRun(job, catalog, storage, Clock.systemUTC(), outage, () -> false),
                    RUN_BOUND, "its catalog was down");
            assertThat(wentDown).as("the database went down at " + point).isTrue();
            String reasons = messages(failure);
            System.out.printf("%s: the run failed with %s: %s%n", point, failure.getClass().getName(), reasons);
            if (point == FaultPoint.INSIDE_COMMIT) {
                // The commit's own session was terminated under it. (Jdbi's isolation-level reset on the dead
                // connection currently masks PostgreSQL's "terminating connection" with "This connection has
                // been closed": see Catalog.inTransaction.)
                assertThat(reasons).as("the failure says the catalog connection was dropped")
                        .containsAnyOf("terminating connection", "I/O error", "connection has been closed");
            } else {
                assertThat(reasons).as("the failure says the catalog database refuses connections")
                        .contains("database \"" + database + "\" is not currently accepting connections");
            }
            assertThat(storage.listDataFiles()).as("no data file visible while the catalog is down").isEmpty();
            assertThat(storage.listFiles("_dead_letter")).as("no dead letter published").isEmpty();

            allowConnections(true);
            List<RunRow> runs = catalog.runs().recent(job.name(), 10);
            assertThat(runs).hasSize(1);
            RunRow interrupted = runs.get(0);
            boolean committed = point == FaultPoint.COMMIT_REPLY_LOST;
            assertThat(interrupted.status()).as("the catalog kept the interrupted run's true state")
                    .isEqualTo(committed ? RunState.COMMITTED : RunState.RUNNING);
            assertThat(storage.listDataFiles()).isEmpty();

            // The interrupted run could not release its lease: the next run waits for it to expire, then recovers.
            RunSummary next = runAfterLeaseExpiry(job, catalog, storage);
            assertThat(next.recovered()).anySatisfy(line -> assertThat(line)
                    .contains(committed ? "published committed run " : "aborted interrupted run ").contains(interrupted.runId()));
            RunRow after = catalog.runs().find(interrupted.runId()).orElseThrow();
            if (committed) {
                assertThat(after.status()).isEqualTo(RunState.PUBLISHED);
                assertThat(next.counts().recordsRead()).as("the committed offsets are not read again").isZero();
            } else {
                assertThat(after.status()).isEqualTo(RunState.ABORTED);
                assertThat(next.counts().recordsRead()).isEqualTo(produced.eventIds().size() + produced.malformed());
            }

            ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
            assertThat(back.duplicates()).isZero();
            assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
            assertThat(back.byHour()).isEqualTo(produced.goodByHour());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
            assertThat(storage.listNames("_staging")).as("the interrupted run's staging is gone").isEmpty();
        }
    }

    /** The interrupted run could not release its lease: the next run's clock is past its expiry. */
    private static RunSummary runAfterLeaseExpiry(JobSpec job, Catalog catalog, Storage storage) {
        assertThatThrownBy(new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false)::run)
                .as("the interrupted run still holds the lease").isInstanceOf(JobBusyException.class);
        return new LoadRun(job, catalog, storage, TestClocks.pastLease(LEASE), Faults.NONE, () -> false).run();
    }

    /**
     * The outage: the database refuses new connections and its open sessions are terminated, from
     * an admin connection to the {@code postgres} database. {@code true} lets connections in again.
     */
    private void allowConnections(boolean allow) throws SQLException {
        String adminUrl = postgres.url().substring(0, postgres.url().lastIndexOf('/') + 1) + "postgres";
        try (Connection c = DriverManager.getConnection(adminUrl, "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS " + allow);
            if (!allow) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()");
            }
        }
    }

    private static String messages(Throwable t) {
        List<String> out = new ArrayList<>();
        for (Throwable c = t; c != null && out.size() < 10; c = c.getCause() == c ? null : c.getCause()) {
            out.add(c.getClass().getSimpleName() + ": " + c.getMessage());
        }
        return String.join(" <- ", out);
    }
}

package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.activityloader.testing.OpenCatalog;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog survives whatever happens while it is being migrated: a process killed at any statement
 * of the migration (Flyway's own statements included) or a migration failing with an error, on H2
 * and on PostgreSQL, is completed by the next open, after which a load is exactly once; two
 * processes opening a fresh catalog at once both succeed; a catalog made by the first form of the
 * scripts has the same schema and opens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogMigrationIT {
    private static final List<String> TYPES = List.of("click");
    private static final String KILLED = "fault point MIGRATION_STATEMENT reached: halt";
    private static final long SEED = Long.getLong("migration.seed", System.nanoTime());

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    Traffic produced;

    @BeforeAll
    void start() {
        kafka.createTopics(List.of("clicks"), 2);
        produced = new TrafficGenerator(kafka.bootstrapServers(), 31).produce(300, Instant.parse("2026-03-01T10:00:00Z"), 2, 50, TYPES);
    }

    /**
     * The first and last statement and every thirtieth between them, from a first one the run's seed
     * picks, so that successive runs cover every statement ({@code -Dmigration.killStride=1} kills at
     * each one, {@code -Dmigration.seed=S} replays a run). Without H2's file lock: after a kill the
     * lock file left behind makes the next open wait seconds to be sure its owner is dead, which only
     * slows the sweep (one process at a time here); the migration is the same.
     */
    @Test
    void h2KilledAtStatementsOfAFreshMigrationIsCompletedByTheNextOpen(@TempDir Path dir) throws Exception {
        int statements = statementsOfAFreshMigration(h2WithoutServer(dir.resolve("count")));
        for (int n : sweep(statements, 30)) {
            Path at = dir.resolve("n" + n);
            killMigrationAt(n, h2WithoutServer(at), at);
            loadExactlyOnce(h2WithoutServer(at), at, "after a kill at statement " + n + " of " + statements);
        }
    }

    @Test
    @Tag("postgres")
    void postgresKilledAtStatementsOfAFreshMigrationIsCompletedByTheNextOpen(@TempDir Path dir) throws Exception {
        int statements = withPostgres(spec -> statementsOfAFreshMigration(spec));
        // PostgreSQL runs each script in one transaction: a sparser sweep is enough to cross each.
        for (int n : sweep(statements, 40)) {
            int at = n;
            Path folder = dir.resolve("n" + n);
            withPostgres(spec -> {
                killMigrationAt(at, spec, folder);
                loadExactlyOnce(spec, folder, "after a kill at statement " + at + " of " + statements);
                return null;
            });
        }
    }

    /** A statement failing with an error (disk full, a lost connection): H2 records the script as failed. Stride as above. */
    @Test
    void h2MigrationFailingAtEveryStatementIsRunAgainByTheNextOpen(@TempDir Path dir) throws Exception {
        int statements = statementsOfAFreshMigration(h2WithoutServer(dir.resolve("count")));
        int failedOpens = 0;
        List<Integer> points = sweep(statements, 24);
        for (int n : points) {
            Path at = dir.resolve("n" + n);
            CatalogSpec spec = h2WithoutServer(at);
            try {
                Catalog.open(spec, Faults.parse("MIGRATION_STATEMENT#" + n));
            } catch (CatalogException expected) {
                failedOpens++; // some of Flyway's own queries fail harmlessly: it asks again or does without
            }
            loadExactlyOnce(spec, at, "after a failure at statement " + n + " of " + statements);
        }
        assertThat(failedOpens).as("opens that failed").isGreaterThan(points.size() / 2);
    }

    @Test
    void twoProcessesOpeningAFreshH2CatalogAtOnceBothSucceed(@TempDir Path dir) throws Exception {
        runAndStatusAtOnce(TestCatalogs.h2(dir), dir);
    }

    @Test
    @Tag("postgres")
    void twoProcessesOpeningAFreshPostgresCatalogAtOnceBothSucceed(@TempDir Path dir) throws Exception {
        withPostgres(spec -> {
            runAndStatusAtOnce(spec, dir);
            return null;
        });
    }

    @Test
    void aCatalogMadeByTheFirstScriptsHasTheSameSchemaAndOpensOnH2(@TempDir Path dir) throws Exception {
        sameSchemaAsTheFirstScripts(TestCatalogs.h2(dir.resolve("legacy")), TestCatalogs.h2(dir.resolve("current")), dir);
    }

    @Test
    @Tag("postgres")
    void aCatalogMadeByTheFirstScriptsHasTheSameSchemaAndOpensOnPostgres(@TempDir Path dir) throws Exception {
        withPostgres(legacy -> withPostgres(current -> {
            sameSchemaAsTheFirstScripts(legacy, current, dir);
            return null;
        }));
    }

    // ---------------------------------------------------------------------------------------------

    /** Statements 1 and {@code statements}, and every {@code stride}th between them from one the seed picks. */
    private static List<Integer> sweep(int statements, int defaultStride) {
        int stride = Integer.getInteger("migration.killStride", defaultStride);
        int first = 1 + (int) Math.floorMod(SEED, (long) stride);
        TreeSet<Integer> points = new TreeSet<>(List.of(1, statements));
        for (int n = first; n <= statements; n += stride) {
            points.add(n);
        }
        System.out.printf("migration sweep: seed %d (-Dmigration.seed), statements %s of %d%n", SEED, points, statements);
        return List.copyOf(points);
    }

    private static CatalogSpec h2WithoutServer(Path dir) {
        return new CatalogSpec("jdbc:h2:file:" + dir.resolve("catalog").toAbsolutePath() + ";FILE_LOCK=NO", "sa", Secret.NONE);
    }

    private static int statementsOfAFreshMigration(CatalogSpec spec) {
        AtomicInteger count = new AtomicInteger();
        Catalog.open(spec, point -> {
            if (point == FaultPoint.MIGRATION_STATEMENT) {
                count.incrementAndGet();
            }
        });
        assertThat(count.get()).as("statements of a migration from nothing").isGreaterThan(30);
        return count.get();
    }

    private static void killMigrationAt(int n, CatalogSpec spec, Path dir) throws Exception {
        Files.createDirectories(dir);
        Path log = dir.resolve("open.log");
        Process child = ChildLoader.startMain(log, "MIGRATION_STATEMENT#" + n + ":halt", OpenCatalog.class.getName(),
                spec.url(), spec.user());
        int exit = ChildLoader.await(child, 60);
        String out = Files.readString(log);
        assertThat(exit).as("killed at statement " + n + "; log:\n" + out).isEqualTo(137);
        assertThat(out).contains(KILLED).doesNotContain("catalog open");
    }

    private void loadExactlyOnce(CatalogSpec spec, Path dir, String after) throws Exception {
        JobSpec job = TestJobs.job("migrated", kafka.bootstrapServers(), dir.resolve("warehouse"), spec, TYPES);
        Catalog catalog = Catalog.open(spec);
        try (Storage storage = new Storage(job.output().warehouse())) {
            new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
            assertThat(back.duplicates()).as(after).isZero();
            assertThat(back.eventIdCounts().keySet()).as(after).isEqualTo(new HashSet<>(produced.eventIds()));
            List<DeadLetterRow> deadLetters = catalog.deadLetters().committed(job.name());
            assertThat(deadLetters).as(after).hasSize((int) produced.malformed());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as(after).isEmpty();
        }
    }

    private void runAndStatusAtOnce(CatalogSpec spec, Path dir) throws Exception {
        JobSpec job = TestJobs.job("together", kafka.bootstrapServers(), dir.resolve("warehouse"), spec, TYPES);
        Files.createDirectories(dir);
        Path jobFile = ChildLoader.writeJobFile(dir, job);
        Process run = ChildLoader.start(dir.resolve("run.log"), null, "run", jobFile.toString());
        Process status = ChildLoader.start(dir.resolve("status.log"), null, "status", jobFile.toString());
        int runExit = ChildLoader.await(run, 90);
        int statusExit = ChildLoader.await(status, 90);
        assertThat(runExit).as("run; log:\n" + Files.readString(dir.resolve("run.log"))).isZero();
        assertThat(statusExit).as("status; log:\n" + Files.readString(dir.resolve("status.log"))).isZero();
        assertThat(Files.readString(dir.resolve("status.log"))).contains("Offsets:");
        Catalog catalog = Catalog.open(spec);
        try (Storage storage = new Storage(job.output().warehouse())) {
            ReadBack back = ReadBack.of(catalog, dir.resolve("warehouse"), job.name());
            assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
            assertThat(back.duplicates()).isZero();
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    private void sameSchemaAsTheFirstScripts(CatalogSpec legacy, CatalogSpec current, Path dir) throws Exception {
        Flyway.configure().dataSource(legacy.url(), legacy.user(), legacy.password().value())
                .locations("classpath:legacy-catalog").load().migrate();
        Flyway.configure().dataSource(current.url(), current.user(), current.password().value())
                .locations("classpath:" + SqlFolder.MIGRATIONS.path()).target("2").load().migrate();
        assertThat(schema(legacy)).isEqualTo(schema(current)).isNotEmpty();
        // The catalog made by the first scripts opens (no checksum complaint) and loads.
        loadExactlyOnce(legacy, dir.resolve("legacy-load"), "on a catalog made by the first scripts");
    }

    /** Table → columns (name, type, nullable, default) and primary key columns, from the JDBC metadata. */
    private static TreeMap<String, List<String>> schema(CatalogSpec spec) throws Exception {
        TreeMap<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(spec.url(), spec.user(), spec.password().value())) {
            DatabaseMetaData md = c.getMetaData();
            String schema = c.getSchema();
            try (ResultSet tables = md.getTables(null, schema, "%", new String[] {"TABLE"})) {
                while (tables.next()) {
                    String table = tables.getString("TABLE_NAME");
                    if (table.toLowerCase(Locale.ROOT).startsWith("flyway")) {
                        continue;
                    }
                    List<String> columns = new ArrayList<>();
                    try (ResultSet cols = md.getColumns(null, schema, table, "%")) {
                        while (cols.next()) {
                            columns.add(cols.getString("COLUMN_NAME") + " " + cols.getString("TYPE_NAME") + "("
                                    + cols.getInt("COLUMN_SIZE") + ") " + cols.getString("IS_NULLABLE") + " "
                                    + cols.getString("COLUMN_DEF"));
                        }
                    }
                    TreeSet<String> key = new TreeSet<>();
                    try (ResultSet pk = md.getPrimaryKeys(null, schema, table)) {
                        while (pk.next()) {
                            key.add(pk.getString("COLUMN_NAME"));
                        }
                    }
                    columns.add("primary key " + key);
                    out.put(table.toLowerCase(Locale.ROOT), columns);
                }
            }
        }
        return out;
    }

    @FunctionalInterface
    private interface WithCatalog<T> {
        T apply(CatalogSpec spec) throws Exception;
    }

    private static <T> T withPostgres(WithCatalog<T> work) throws Exception {
        CatalogSpec spec = TestCatalogs.freshPostgres();
        try {
            return work.apply(spec);
        } finally {
            TestCatalogs.dropPostgres(spec);
        }
    }
}

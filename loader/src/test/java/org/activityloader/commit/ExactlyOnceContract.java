package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.config.CatalogSpec;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalog;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly once across runs, on a real broker and a real catalog: more than 100,000 events over
 * 3 topics × 4 partitions, produced in rounds between runs whose record limit cuts them short.
 * Every event id must be in the published files exactly once and per-hour counts must match.
 * Subclasses choose the catalog (H2, PostgreSQL).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExactlyOnceContract {
    private static final List<String> TYPES = List.of("page_view", "search", "click");

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    @RegisterExtension
    final TestCatalog catalogs;

    ExactlyOnceContract(TestCatalog catalogs) {
        this.catalogs = catalogs;
    }

    @BeforeAll
    void createTopics() {
        kafka.createTopics(TYPES.stream().map(TrafficGenerator.TOPICS::get).toList(), 4);
    }

    @Test
    void everyEventLandsExactlyOnceAcrossLimitedRuns(@TempDir Path dir) throws Exception {
        Path warehouse = dir.resolve("warehouse");
        CatalogSpec catalogSpec = catalogs.fresh(dir);
        long limit = 25_000;
        JobSpec job = TestJobs.job("exactly-once", kafka.bootstrapServers(), warehouse, catalogSpec, TYPES);
        job = job.withLimits(job.limits().withMaxRecords(limit));
        Catalog catalog = Catalog.open(catalogSpec);
        TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 7);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(8, ChronoUnit.HOURS);

        Traffic produced = null;
        int limitedRuns = 0;
        int runs = 0;
        try (Storage storage = new Storage(warehouse.toUri())) {
            for (int round = 0; round < 4; round++) {
                Traffic t = generator.produce(30_000, start.plus(round * 2L, ChronoUnit.HOURS), 3, 500, TYPES);
                produced = produced == null ? t : produced.plus(t);
                RunSummary s = run(job, catalog, storage);
                runs++;
                limitedRuns += s.counts().recordsRead() == limit ? 1 : 0;
            }
            RunSummary last;
            do {
                last = run(job, catalog, storage);
                runs++;
            } while (last.counts().recordsRead() > 0);

            assertThat(last.counts().filesWritten()).as("a run with nothing new writes no file").isZero();
            assertThat(limitedRuns).as("runs cut short by max_records").isGreaterThanOrEqualTo(3);
            assertThat(runs).isGreaterThan(5);
            assertThat(produced.good() + produced.malformed()).isEqualTo(120_000);

            ReadBack back = ReadBack.of(catalog, warehouse, job.name());
            assertThat(back.duplicates()).as("event ids loaded twice").isZero();
            assertThat(back.rows()).isEqualTo(produced.good());
            assertThat(back.eventIdCounts().keySet()).isEqualTo(new HashSet<>(produced.eventIds()));
            assertThat(back.byHour()).isEqualTo(produced.goodByHour());
            List<DeadLetterRow> deadLetters = catalog.deadLetters().committed("exactly-once");
            assertThat(deadLetters).hasSize((int) produced.malformed());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    private static RunSummary run(JobSpec job, Catalog catalog, Storage storage) {
        return new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
    }
}

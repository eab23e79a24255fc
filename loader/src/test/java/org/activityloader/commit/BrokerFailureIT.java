package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.CatalogContents;
import org.activityloader.catalog.CommittedRange;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.JobSpec;
import org.activityloader.config.KafkaSpec;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.source.SourceException;
import org.activityloader.testing.BoundedRun;
import org.activityloader.testing.ChildKafka;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker dies (kill -9, in a child JVM) in the middle of a run's drain: the run must fail
 * within a bounded time instead of hanging, leave nothing visible and nothing committed, and the
 * next run after the broker is back must load every event exactly once.
 */
class BrokerFailureIT {
    private static final List<String> TYPES = List.of("click");
    private static final int EVENTS = 20_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration RUN_BOUND = Duration.ofSeconds(60);

    @Test
    void brokerKilledMidRunFailsTheRunCleanlyAndTheNextRunLoadsEverythingOnce(@TempDir Path dir) throws Exception {
        long t0 = System.nanoTime();
        try (ChildKafka kafka = ChildKafka.start(dir.resolve("kafka"))) {
            kafka.createTopics(List.of("clicks"), 4);
            long t1 = System.nanoTime();
            Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 23)
                    .produce(EVENTS, Instant.parse("2026-06-01T10:00:00Z"), 3, 500, TYPES);
            System.out.printf("child broker up in %d ms, %,d events produced in %d ms%n", (t1 - t0) / 1_000_000, EVENTS,
                    (System.nanoTime() - t1) / 1_000_000);
            assertThat(produced.malformed()).as("some rejects in the mix").isPositive();

            JobSpec base = TestJobs.job("broker-failure", kafka.bootstrapServers(), dir.resolve("warehouse"),
                    TestCatalogs.h2(dir), TYPES);
            // Small fetches, so the first polls cannot have buffered the whole topic before the kill:
            // the drain needs the broker for many more polls.
            KafkaSpec kafkaSpec = new KafkaSpec(kafka.bootstrapServers(),
                    Map.of("max.partition.fetch.bytes", "32768", "fetch.max.bytes", "131072"), REQUEST_TIMEOUT);
            JobSpec job = new JobSpec(base.name(), base.source(), kafkaSpec, base.topics(), base.eventTime(),
                    base.schemasDir(), base.output(), base.catalog(), base.limits(), base.onGap(), Duration.ofSeconds(30),
                    base.schedule(), base.scheduleZone(), base.vacuumGrace(), base.hours(), base.shards());
            Catalog catalog = Catalog.open(job.catalog());

            try (Storage storage = new Storage(job.output().warehouse())) {
                AtomicInteger calls = new AtomicInteger();
                AtomicLong killedAt = new AtomicLong();
                LoadRun doomed = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> {
                    if (calls.incrementAndGet() == 2) {
                        kafka.kill();
                        killedAt.set(System.nanoTime());
                    }
                    return false;
                });

                long started = System.nanoTime();
                Throwable failure = BoundedRun.failureOf(doomed, RUN_BOUND, "the broker died mid-drain");
                long failedAt = System.nanoTime();
                assertThat(killedAt.get()).as("the broker was killed during the drain").isNotZero();
                assertThat(failure).as("the run fails with a source error naming Kafka").isInstanceOf(SourceException.class)
                        .hasMessageContaining("Kafka");
                Duration afterKill = Duration.ofNanos(failedAt - killedAt.get());
                System.out.printf("run failed %d ms after the kill (%d ms after its start): %s%n",
                        afterKill.toMillis(), Duration.ofNanos(failedAt - started).toMillis(), failure.getMessage());
                assertThat(afterKill).as("fails about request_timeout after the broker died, not much later")
                        .isLessThan(REQUEST_TIMEOUT.multipliedBy(5));

                // Nothing partial is visible or committed.
                assertThat(storage.listDataFiles()).as("no data file in the final folders").isEmpty();
                assertThat(storage.listNames("_staging")).as("the failed run removed its staging").isEmpty();
                assertThat(storage.listFiles("_dead_letter")).as("no published dead letters").isEmpty();
                List<RunRow> runs = catalog.runs().recent(job.name(), 10);
                assertThat(runs).hasSize(1);
                assertThat(runs.get(0).status()).isEqualTo(RunState.FAILED);
                assertThat(runs.get(0).error()).contains("Kafka");
                List<StoredOffset> offsets = catalog.offsets().of(job.name()).all();
                assertThat(offsets).as("no offset stored").isEmpty();
                List<CommittedRange> ranges = catalog.lineage().committedRanges(job.name());
                assertThat(ranges).as("no range committed").isEmpty();
                assertThat(CatalogContents.allPaths(catalog)).isEmpty();

                long restartStarted = System.nanoTime();
                kafka.restart();
                System.out.printf("broker restarted after kill -9 in %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartStarted));

                // The same job with the default fetch sizes: the small ones only served to kill the broker mid-drain.
                JobSpec sameJob = new JobSpec(job.name(), job.source(), new KafkaSpec(kafka.bootstrapServers(), Map.of(),
                        REQUEST_TIMEOUT), job.topics(), job.eventTime(), job.schemasDir(), job.output(), job.catalog(),
                        job.limits(), job.onGap(), job.leaseTimeout(), job.schedule(), job.scheduleZone(), job.vacuumGrace(), job.hours(), job.shards());
                long nextStarted = System.nanoTime();
                RunSummary summary = new LoadRun(sameJob, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
                System.out.printf("next run loaded everything in %d ms%n", (System.nanoTime() - nextStarted) / 1_000_000);
                assertThat(summary.counts().recordsRead()).isEqualTo(EVENTS);
                assertThat(summary.counts().recordsWritten()).isEqualTo(produced.good());
                assertThat(summary.counts().recordsRejected()).isEqualTo(produced.malformed());

                ReadBack.of(catalog, dir.resolve("warehouse"), job.name()).assertExactlyOnce(produced);
                assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
                assertThat(storage.listNames("_staging")).isEmpty();
                assertThat(catalog.runs().find(summary.runId()).orElseThrow().status())
                        .isEqualTo(RunState.PUBLISHED);
            }
        }
    }
}

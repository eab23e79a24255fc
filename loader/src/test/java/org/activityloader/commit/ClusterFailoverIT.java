package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.config.KafkaSpec;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.partition.PartitionKey;
import org.activityloader.run.BackfillRequest;
import org.activityloader.run.BackfillRun;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.testing.ChildKafka;
import org.activityloader.testing.ChildKafkaCluster;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-broker KRaft cluster (child JVMs, replication factor 3, {@code min.insync.replicas} 2):
 * the leader of the partitions being read is killed (SIGKILL) during a load, then during a
 * backfill. Each run either finishes, its consumer following the new leaders, or fails cleanly;
 * the next finishes; every event is in the warehouse exactly once, {@code verify} is clean, and the
 * consumer group the offsets are copied into holds the catalog's.
 */
class ClusterFailoverIT {
    private static final List<String> TYPES = List.of("click");
    private static final int EVENTS = 20_000;
    private static final Instant FIRST_HOUR = Instant.parse("2026-06-01T10:00:00Z");

    @Test
    void theLeaderKilledDuringALoadAndDuringABackfillLosesAndDoublesNothing(@TempDir Path dir) throws Exception {
        try (ChildKafkaCluster kafka = ChildKafkaCluster.start(dir.resolve("kafka"), 3)) {
            kafka.createTopics(List.of("clicks"), 4);
            Traffic produced = new TrafficGenerator(kafka.bootstrapServers(), 31).produce(EVENTS, FIRST_HOUR, 3, 500, TYPES);
            JobSpec base = TestJobs.job("failover", kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES);
            // Small fetches, so that the drain needs the brokers for many polls after the kill.
            JobSpec job = base.withKafka(new KafkaSpec(kafka.bootstrapServers(),
                    Map.of("max.partition.fetch.bytes", "32768", "fetch.max.bytes", "131072"), Duration.ofSeconds(20))
                    .withCommitGroup(java.util.Optional.of("loader-failover")))
                    .withLeaseTimeout(Duration.ofSeconds(5));
            TopicPartition read = new TopicPartition("clicks", 0);
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
                ChildKafka first = kafka.leaderOf(read);
                List<String> loads = untilDone(() -> new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE,
                        killAtSecondBatch(first)).run().counts().recordsRead() == 0 ? "nothing new" : "loaded");
                assertThat(first.isAlive()).as("the leader was killed during the load").isFalse();
                assertExactlyOnce(catalog, storage, dir, job, produced);
                try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                        Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                    Map<TopicPartition, Long> group = new java.util.HashMap<>();
                    admin.listConsumerGroupOffsets("loader-failover").partitionsToOffsetAndMetadata().get()
                            .forEach((tp, o) -> group.put(tp, o.offset()));
                    Map<TopicPartition, Long> stored = new java.util.HashMap<>();
                    catalog.offsets().of(job.name()).all().forEach(o -> stored.put(o.topicPartition(), o.nextOffset()));
                    assertThat(group).as("the copy in Kafka, written with a broker down").isEqualTo(stored);
                }

                first.restart();
                ChildKafka second = kafka.leaderOf(read);
                Set<PartitionKey> hours = new HashSet<>(ReadBack.of(catalog, dir.resolve("warehouse"), job.name()).byHour().keySet()
                        .stream().map(h -> new PartitionKey(h.activityType(), h.date(), h.hour())).toList());
                List<String> backfills = untilDone(() -> {
                    new BackfillRun(new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, killAtSecondBatch(second),
                            ProgressMode.NONE), new BackfillRequest(hours, TYPES, false, "failover test", "test", Duration.ofMinutes(1),
                            false)).run();
                    return "nothing new";
                });
                assertThat(second.isAlive()).as("the leader was killed during the backfill").isFalse();
                System.out.printf("failover: loads %s; backfills %s%n", loads, backfills);
                assertExactlyOnce(catalog, storage, dir, job, produced);
            }
        }
    }

    /** A stop check that kills {@code leader} at the drain's second batch (once), and never asks the run to stop. */
    private static BooleanSupplier killAtSecondBatch(ChildKafka leader) {
        AtomicInteger batches = new AtomicInteger();
        return () -> {
            if (batches.incrementAndGet() == 2 && leader.isAlive()) {
                leader.kill();
            }
            return false;
        };
    }

    /** Runs {@code run} until it says "nothing new" (at most six times), each bounded; what each did, or how it failed. */
    private static List<String> untilDone(Callable<String> run) throws Exception {
        List<String> outcomes = new ArrayList<>();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            for (int attempt = 0; attempt < 6; attempt++) {
                Future<String> f = executor.submit(run);
                AtomicReference<String> outcome = new AtomicReference<>();
                try {
                    outcome.set(f.get(120, TimeUnit.SECONDS));
                } catch (java.util.concurrent.ExecutionException e) {
                    outcome.set("failed: " + e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
                }
                outcomes.add(outcome.get());
                if (outcome.get().equals("nothing new")) {
                    return outcomes;
                }
            }
            throw new AssertionError("six runs did not finish: " + outcomes);
        } finally {
            executor.shutdownNow();
        }
    }

    private static void assertExactlyOnce(Catalog catalog, Storage storage, Path dir, JobSpec job, Traffic produced) throws Exception {
        ReadBack.of(catalog, dir.resolve("warehouse"), job.name()).assertExactlyOnce(produced);
        assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
    }
}

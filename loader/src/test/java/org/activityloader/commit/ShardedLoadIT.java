package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.catalog.RunState;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunSummary;
import org.activityloader.source.Shard;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalogs;
import org.activityloader.testing.TestClocks;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job loaded shard by shard in one JVM: each shard reads only its partitions, an hour completes
 * only when every shard's partitions are past it, K changes between runs without losing or doubling
 * an event (and runs of two Ks that overlap are refused at the later commit), the whole job's lease and its shards' exclude each other, and one shard's recovery
 * leaves another shard's live run alone.
 */
class ShardedLoadIT {
    private static final List<String> TYPES = List.of("click");
    private static final Instant FIRST_HOUR = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(6));

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();

    private static JobSpec job(String name, Path dir, int shards) {
        return TestJobs.job(name, kafka.bootstrapServers(), dir.resolve("warehouse"), TestCatalogs.h2(dir), TYPES)
                .withTopics(List.of(new org.activityloader.config.TopicBinding("clicks_" + name, "click"))).withShards(shards);
    }

    private static Traffic produce(String topic, long events, long seed) {
        return produce(topic, events, seed, 2);
    }

    private static Traffic produce(String topic, long events, long seed, int hours) {
        return new TrafficGenerator(kafka.bootstrapServers(), seed).withTopicSuffix(topic.substring("clicks".length()))
                .produce(events, FIRST_HOUR, hours, 0, TYPES);
    }

    private static RunSummary load(JobSpec job, Catalog catalog, Storage storage, Shard shard, Clock clock) {
        return new LoadRun(new RunContext(job, catalog, storage, clock, Faults.NONE, () -> false, ProgressMode.NONE), null, shard).run();
    }

    private static long loadedOf(Catalog catalog, String job, Shard shard) {
        return catalog.offsets().of(job).all().stream().filter(o -> shard.owns(o.topicPartition())).mapToLong(StoredOffset::nextOffset).sum();
    }

    @Test
    void eachShardLoadsItsPartitionsAndHoursWaitForAllOfThem(@TempDir Path dir) throws Exception {
        JobSpec job = job("shards", dir, 2);
        kafka.createTopics(List.of("clicks_shards"), 6);
        Traffic first = produce("clicks_shards", 3_000, 1);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            Shard zero = new Shard(0, 2);
            RunSummary a = load(job, catalog, storage, zero, Clock.systemUTC());
            assertThat(catalog.offsets().of(job.name()).all()).as("only shard 0's partitions were read").isNotEmpty()
                    .allMatch(o -> zero.owns(o.topicPartition()));
            assertThat(a.counts().recordsRead()).isEqualTo(loadedOf(catalog, job.name(), zero)).isBetween(1L, 2_999L);
            assertThat(catalog.hours().ofJob(job.name())).as("hours wait for shard 1's partitions").isNotEmpty()
                    .allMatch(h -> h.state() == HourState.OPEN);

            RunSummary b = load(job, catalog, storage, new Shard(1, 2), Clock.systemUTC());
            assertThat(a.counts().recordsRead() + b.counts().recordsRead()).isEqualTo(3_000);
            assertThat(catalog.hours().ofJob(job.name())).extracting(HourRow::state).containsOnly(HourState.COMPLETE);
            assertThat(b.catalogVersion()).as("one catalog version for the job").isEqualTo(a.catalogVersion() + 1);

            // K changes from 2 to 3: the offsets are per partition, so the new shards go on from them.
            Traffic second = produce("clicks_shards", 1_500, 2);
            JobSpec three = job.withShards(3);
            long read = 0;
            for (int i = 0; i < 3; i++) {
                read += load(three, catalog, storage, new Shard(i, 3), Clock.systemUTC()).counts().recordsRead();
            }
            assertThat(read).isEqualTo(1_500);
            assertThat(load(job, catalog, storage, Shard.WHOLE, Clock.systemUTC()).counts().recordsRead()).as("nothing left").isZero();

            ReadBack.Totals found = ReadBack.totals(catalog, dir.resolve("warehouse"), job.name());
            assertThat(found.rows()).isEqualTo(first.good() + second.good());
            assertThat(found.distinctIds()).isEqualTo(found.rows());
            assertThat(found.idDigest()).isEqualTo(first.idDigest() + second.idDigest());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).isEmpty();
        }
    }

    @Test
    void hoursCompleteWhenEveryShardHasGoneQuiet(@TempDir Path dir) throws Exception {
        JobSpec job = job("quiet", dir, 2);
        kafka.createTopics(List.of("clicks_quiet"), 4);
        produce("clicks_quiet", 800, 6, 1);
        // Both shards load everything before the hour closes (an hour after its end): caught up, but not past it.
        Instant beforeClose = FIRST_HOUR.plus(Duration.ofHours(1)).plus(Duration.ofMinutes(10));
        Clock then = Clock.offset(Clock.systemUTC(), Duration.between(Instant.now(), beforeClose));
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            long read = load(job, catalog, storage, new Shard(0, 2), then).counts().recordsRead()
                    + load(job, catalog, storage, new Shard(1, 2), then).counts().recordsRead();
            assertThat(read).isEqualTo(800);
            assertThat(catalog.hours().ofJob(job.name())).isNotEmpty().allMatch(h -> h.state() == HourState.OPEN);

            // Now, past the close, with nothing new: each shard records its partitions past the hours; the last completes them.
            RunSummary first = load(job, catalog, storage, new Shard(0, 2), Clock.systemUTC());
            assertThat(first.committed()).as("it commits its watermarks").isTrue();
            assertThat(catalog.hours().ofJob(job.name())).allMatch(h -> h.state() == HourState.OPEN);
            assertThat(load(job, catalog, storage, new Shard(1, 2), Clock.systemUTC()).committed()).isTrue();
            assertThat(catalog.hours().ofJob(job.name())).extracting(HourRow::state).containsOnly(HourState.COMPLETE);
            assertThat(load(job, catalog, storage, new Shard(0, 2), Clock.systemUTC()).committed())
                    .as("once past, an idle shard commits nothing").isFalse();
        }
    }

    @Test
    void theWholeJobAndItsShardsExcludeEachOther(@TempDir Path dir) throws Exception {
        JobSpec job = job("exclude", dir, 2);
        kafka.createTopics(List.of("clicks_exclude"), 4);
        produce("clicks_exclude", 200, 3);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            try (JobLease whole = JobLease.acquireLoad(catalog, job.name(), Shard.WHOLE, "operator", job.leaseTimeout(), Clock.systemUTC())) {
                assertThatThrownBy(() -> load(job, catalog, storage, new Shard(1, 2), Clock.systemUTC()))
                        .isInstanceOf(JobBusyException.class).hasMessageContaining("held whole");
            }
            try (JobLease shard = JobLease.acquireLoad(catalog, job.name(), new Shard(0, 2), "node-a", job.leaseTimeout(),
                    Clock.systemUTC())) {
                assertThatThrownBy(() -> load(job, catalog, storage, Shard.WHOLE, Clock.systemUTC()))
                        .isInstanceOf(JobBusyException.class).hasMessageContaining("a shard of job exclude is loading");
                assertThatThrownBy(() -> load(job, catalog, storage, new Shard(0, 2), Clock.systemUTC()))
                        .isInstanceOf(JobBusyException.class).hasMessageContaining("shard 0/2 of job exclude is already loading");
                long beside = load(job, catalog, storage, new Shard(1, 2), Clock.systemUTC()).counts().recordsRead();
                assertThat(beside).as("another shard loads beside it").isPositive();
            }
            assertThat(catalog.leases().anyHeldWithPrefix(Shard.leasePrefixOf(job.name()), Instant.now())).as("all released").isFalse();
            assertThat(load(job, catalog, storage, Shard.WHOLE, Clock.systemUTC()).counts().recordsRead()).as("the rest, whole")
                    .isEqualTo(200 - loadedOf(catalog, job.name(), new Shard(1, 2)));
        }
    }

    @Test
    void runsOfTwoKsThatOverlapLoadEachEventOnceTheLaterCommitRefused(@TempDir Path dir) throws Exception {
        JobSpec two = job("overlap", dir, 2);
        kafka.createTopics(List.of("clicks_overlap"), 6);
        Traffic produced = produce("clicks_overlap", 1_200, 5);
        try (Catalog catalog = Catalog.open(two.catalog()); Storage storage = new Storage(two.output().warehouse())) {
            // While shard 0/2 has staged its files, shard 0/3 (K changed meanwhile) loads partitions both own, and commits first.
            long[] newer = new long[1];
            Faults meanwhile = point -> {
                if (point == org.activityloader.fault.FaultPoint.AFTER_SEAL && newer[0] == 0) {
                    newer[0] = load(two.withShards(3), catalog, storage, new Shard(0, 3), Clock.systemUTC()).counts().recordsRead();
                }
            };
            LoadRun older = new LoadRun(new RunContext(two, catalog, storage, Clock.systemUTC(), meanwhile, () -> false,
                    ProgressMode.NONE), null, new Shard(0, 2));
            assertThatThrownBy(older::run).isInstanceOf(CommitConflictException.class).hasMessageContaining("is no longer").hasMessageContaining("nothing of run");
            assertThat(newer[0]).isPositive();
            long rest = 0;
            RunSummary s;
            do {
                s = load(two, catalog, storage, Shard.WHOLE, Clock.systemUTC());
                rest += s.counts().recordsRead();
            } while (s.counts().recordsRead() > 0);
            assertThat(newer[0] + rest).isEqualTo(1_200);
            ReadBack.Totals found = ReadBack.totals(catalog, dir.resolve("warehouse"), two.name());
            assertThat(found.rows()).isEqualTo(produced.good());
            assertThat(found.distinctIds()).isEqualTo(produced.good());
            assertThat(new WarehouseAudit(catalog, storage).verify(two.name())).isEmpty();
        }
    }

    @Test
    void aShardsRecoveryLeavesAnotherShardsLiveRunAloneAndAbortsItOnceItsLeaseIsGone(@TempDir Path dir) throws Exception {
        JobSpec job = job("recover", dir, 2);
        kafka.createTopics(List.of("clicks_recover"), 4);
        produce("clicks_recover", 200, 4);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            String other = "20260101T000000Z-other";
            Instant now = Instant.now();
            assertThat(catalog.leases().take(new Shard(0, 2).leaseOf(job.name()), other, now.plus(job.leaseTimeout()), now)).isTrue();
            new RunLifecycle(catalog, storage, Clock.systemUTC()).start(other, job.name(), RunKind.LOAD);

            RunSummary one = load(job, catalog, storage, new Shard(1, 2), Clock.systemUTC());
            assertThat(one.recovered()).isEmpty();
            assertThat(catalog.runs().find(other).orElseThrow().status()).as("shard 0's run is alive").isEqualTo(RunState.RUNNING);

            // Shard 0's process died: once its lease has expired, the next run of any shard aborts its run.
            RunSummary later = load(job, catalog, storage, new Shard(1, 2), TestClocks.pastLease(job.leaseTimeout()));
            assertThat(later.recovered()).singleElement().asString().contains("aborted interrupted run " + other);
            assertThat(catalog.runs().find(other).orElseThrow().status()).isEqualTo(RunState.ABORTED);
        }
    }
}

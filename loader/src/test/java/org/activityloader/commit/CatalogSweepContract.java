package org.activityloader.commit;

import static org.assertj.core.api.Assertions.assertThat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Traffic;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.testing.ChildLoader;
import org.activityloader.testing.ReadBack;
import org.activityloader.testing.TestBroker;
import org.activityloader.testing.TestCatalog;
import org.activityloader.testing.TestJobs;
import org.activityloader.write.Storage;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many commands on one catalog at once, as operators run them: cron-like runs, backfills, vacuum,
 * status, report and sql in child JVMs, started at random beside a producer, a quarter of the runs
 * and backfills killed with SIGKILL, the others ending on their own (on H2 the process serving the
 * file to the others is often one of them). Afterwards every event is in the warehouse exactly once,
 * verify is clean, and every exit code was the command's own: done (0), busy (3), refused (5),
 * or killed by the sweep (137). None failed because another process left.
 */
abstract class CatalogSweepContract {
    private static final List<String> TYPES = List.of("click", "search");
    private static final Instant FIRST_HOUR = Instant.parse("2026-09-01T00:00:00Z");
    private static final int WORKERS = 3;
    private static final Duration SWEEP = Duration.ofSeconds(Long.getLong("sweep.seconds", 25));
    private static final Duration LEASE = Duration.ofSeconds(4);

    @RegisterExtension
    static final TestBroker kafka = new TestBroker();
    @RegisterExtension
    final TestCatalog catalogs;

    CatalogSweepContract(TestCatalog catalogs) {
        this.catalogs = catalogs;
    }

    /** Runs the sweep and checks what it leaves; {@code seed} picks the commands and the kills, printed first. */
    void sweep(Path dir, long seed) throws Exception {
        System.out.println("catalog sweep seed " + seed + " (-Dsweep.seed=" + seed + " repeats it)");
        kafka.createTopics(List.of("clicks", "searches"), 3);
        JobSpec job = TestJobs.job("sweep", kafka.bootstrapServers(), dir.resolve("warehouse"), catalogs.fresh(dir), TYPES)
                .withLeaseTimeout(LEASE);
        Path jobFile = ChildLoader.writeJobFile(dir, job, "limits:", "  max_records: 4000");
        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicReference<Traffic> produced = new AtomicReference<>();
        Thread producer = new Thread(() -> produced.set(produce(kafka, seed, producing)), "sweep-producer");
        producer.start();

        ConcurrentLinkedQueue<String> notTheirOwn = new ConcurrentLinkedQueue<>();
        Map<String, Integer> exits = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + SWEEP.toNanos();
        // On a slow machine a short sweep may not have drawn a run that loaded: it goes on a minute more until one has.
        long lastChance = deadline + Duration.ofMinutes(1).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Random random = new Random(seed * 31 + w);
            int worker = w;
            workers.add(pool.submit(() -> {
                for (int i = 0; System.nanoTime() < deadline || exits.getOrDefault("run 0", 0) == 0 && System.nanoTime() < lastChance;
                     i++) {
                    command(dir, jobFile, random, worker + "-" + i, notTheirOwn, exits);
                }
                return null;
            }));
        }
        for (Future<?> f : workers) {
            f.get(SWEEP.toSeconds() + 300, TimeUnit.SECONDS);
        }
        pool.shutdown();
        producing.set(false);
        producer.join();
        System.out.println("catalog sweep exits: " + new java.util.TreeMap<>(exits));
        assertThat(notTheirOwn).as("exits that were not the command's own").isEmpty();
        assertThat(exits.getOrDefault("run 0", 0)).as("runs that loaded").isPositive();

        // What the killed runs left (their leases expire), then the rest of the backlog.
        Thread.sleep(LEASE.toMillis() + 500);
        Catalog catalog = Catalog.open(job.catalog());
        try (Storage storage = new Storage(job.output().warehouse())) {
            while (new LoadRun(job.withLimits(org.activityloader.config.RunLimits.NONE), catalog, storage, Clock.systemUTC(),
                    Faults.NONE, () -> false).run().committed()) {
                // until a run finds nothing to load
            }
            Traffic all = produced.get();
            ReadBack back = ReadBack.of(catalog, Path.of(job.output().warehouse()), job.name());
            assertThat(back.duplicates()).as("events held twice").isZero();
            assertThat(back.eventIdCounts().keySet()).as("every event, once").isEqualTo(new HashSet<>(all.eventIds()));
            assertThat(back.byHour()).isEqualTo(all.goodByHour());
            assertThat(new WarehouseAudit(catalog, storage).verify(job.name())).as("verify findings").isEmpty();
        }
    }

    /** One command in a child JVM; a run or backfill is killed a quarter of the time. */
    private static void command(Path dir, Path jobFile, Random random, String name, ConcurrentLinkedQueue<String> notTheirOwn,
                                Map<String, Integer> exits) throws Exception {
        int pick = random.nextInt(100);
        String job = jobFile.toString();
        String[] args = pick < 50 ? new String[] {"run", job}
                : pick < 60 ? new String[] {"backfill", job, "--from", "2026-09-01T00:00Z", "--to", "2026-09-01T02:00Z", "--reason", "sweep"}
                : pick < 66 ? new String[] {"vacuum", job, "--older-than", "0s"}
                : pick < 76 ? new String[] {"status", job}
                : pick < 88 ? new String[] {"report", job, "events_by_hour"}
                : new String[] {"sql", job, "SELECT activity_type, COUNT(*) FROM activity GROUP BY 1"};
        boolean kill = (args[0].equals("run") || args[0].equals("backfill")) && random.nextInt(4) == 0;
        long killAfter = 500 + random.nextInt(4_000);
        Path log = dir.resolve("sweep-" + name + "-" + args[0] + ".log");
        Process p = ChildLoader.start(log, null, args);
        int exit;
        if (kill && !p.waitFor(killAfter, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
            exit = 137;
        } else {
            exit = ChildLoader.await(p, 240);
        }
        exits.merge(args[0] + " " + exit, 1, Integer::sum);
        boolean own = exit == 0 || exit == 3 || exit == 5 || (exit == 137 && kill);
        if (!own) {
            notTheirOwn.add(String.join(" ", args) + " exited " + exit + ":\n" + Files.readString(log));
        }
    }

    /** Batches of events over two hours of event time until told to stop; everything it sent. */
    private static Traffic produce(TestBroker kafka, long seed, AtomicBoolean producing) {
        TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), seed);
        Traffic all = generator.produce(2_000, FIRST_HOUR, 2, 80, TYPES);
        while (producing.get()) {
            all = all.plus(generator.produce(600, FIRST_HOUR, 2, 80, TYPES));
            try {
                Thread.sleep(700);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return all;
    }
}

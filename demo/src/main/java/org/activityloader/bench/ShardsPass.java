package org.activityloader.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.activityloader.catalog.Catalog;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.run.LoadRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.RunSummary;
import org.activityloader.source.Shard;
import org.activityloader.write.Storage;

/**
 * One job loaded whole, then as 2 and as 3 shards at once (a thread per shard in this JVM, beside the
 * broker, each into a fresh catalog and warehouse), from one topic of 12 partitions: the wall time, and
 * the CPU time of the whole process per event, which is what sizing nodes goes by.
 */
final class ShardsPass {
    private static final int PARTITIONS = 12;
    private final PrintWriter out;

    ShardsPass(PrintWriter out) {
        this.out = out;
    }

    void run(EmbeddedKafka kafka, Function<String, JobSpec> jobOf, long events) throws IOException, InterruptedException {
        TopicBinding binding = new TopicBinding("page_views_shards", "page_view");
        kafka.createTopics(List.of(binding.topic()), PARTITIONS);
        new TrafficGenerator(kafka.bootstrapServers(), 4).withoutIds().withTopicSuffix("_shards")
                .produce(events, Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6)), 6, 0, List.of("page_view"));
        out.printf(Locale.ROOT, "shards: %,d page views in %d partitions, loaded whole, then by 2 and by 3 shards at once (threads of"
                + " this JVM; %d cores here, so past %d shards this shows the overhead, not a speed-up):%n", events, PARTITIONS,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "  %-7s %8s %12s %10s %12s %16s%n", "shards", "wall s", "events/s", "vs whole", "CPU s", "events/CPU-s");
        double whole = 0;
        for (int k = 1; k <= 3; k++) {
            JobSpec job = jobOf.apply("shards-" + k).withTopics(List.of(binding)).withShards(k);
            try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse());
                 ResourceWatch watch = new ResourceWatch()) {
                RunContext ctx = new RunContext(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false, ProgressMode.NONE);
                long t0 = System.nanoTime();
                long read = 0;
                ExecutorService threads = Executors.newFixedThreadPool(k);
                try {
                    List<Future<RunSummary>> runs = new ArrayList<>();
                    for (Shard shard : Shard.all(k)) {
                        runs.add(threads.submit(() -> new LoadRun(ctx, null, shard).run()));
                    }
                    for (Future<RunSummary> r : runs) {
                        read += r.get().counts().recordsRead();
                    }
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a shard's run failed: " + e.getCause().getMessage(), e.getCause());
                } finally {
                    threads.shutdown();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double cpu = watch.cpuNanos() / 1e9;
                double rate = read / seconds;
                whole = k == 1 ? rate : whole;
                out.printf(Locale.ROOT, "  %-7d %8.2f %,12.0f %9.2fx %12.2f %,16.0f%s%n", k, seconds, rate, rate / whole, cpu, read / cpu,
                        read == events ? "" : "  (read " + read + " of " + events + ")");
            }
        }
        out.println("  (CPU is the whole process's, the in-process broker's and producer's share too: a node needs at most this)");
    }
}

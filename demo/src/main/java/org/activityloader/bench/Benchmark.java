package org.activityloader.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.RunRow;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import org.activityloader.config.OutputFormat;
import org.activityloader.config.TopicBinding;
import org.activityloader.demo.DataDirectory;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.fault.Faults;
import org.activityloader.report.Report;
import org.activityloader.report.ReportRunner;
import org.activityloader.report.Table;
import org.activityloader.write.FileFormats;
import org.activityloader.write.Storage;

/**
 * {@code loader bench}: the loader's throughput against the ceiling of the same machine. Produces
 * N events to an embedded broker (not timed), times a consume-only drain of them (byte arrays, no
 * decoding: the ceiling), then a full run (decode, write, seal, commit, publish) on a fresh catalog
 * and warehouse, and prints events/s, MB/s, their ratio, peak heap and RSS, output size and where
 * the time went. With scaling, full runs over N, 2N and 4N show how time and heap grow.
 * Figures are printed, never asserted.
 */
public final class Benchmark {
    private final Path dataDir;
    private final Path jobFile;
    private final String format;
    private final PrintWriter out;

    public Benchmark(Path dataDir, Path jobFile, String format, PrintWriter out) {
        this.dataDir = dataDir.toAbsolutePath();
        this.jobFile = jobFile;
        this.format = format;
        this.out = out;
    }

    /** One measured pass. */
    record Pass(String what, long events, long bytes, Duration time, long cpuNanos, long heapAtStart, long peakHeapBytes,
                int collections, RunSummary summary) {
        double eventsPerSecond() {
            return events / seconds();
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / seconds();
        }

        double seconds() {
            return Math.max(time.toNanos() / 1e9, 1e-9);
        }
    }

    /**
     * @param compactEvents events of about 250 bytes (values from small sets, no user agent or referrer)
     *                      instead of the wide ~420 sites send
     */
    public void run(long events, boolean scaling, boolean compactEvents) throws IOException, InterruptedException {
        DataDirectory.reset(dataDir);
        List<Long> sizes = scaling ? List.of(events, 2 * events, 4 * events, 8 * events) : List.of(events);
        long produced = sizes.get(sizes.size() - 1);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"))) {
            JobSpec base = job(kafka, "base", produced);
            kafka.createTopics(base.topics().stream().map(TopicBinding::topic).toList(), 4);
            long t0 = System.nanoTime();
            TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 1).withoutIds();
            (compactEvents ? generator.compact() : generator).produce(produced,
                    Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6)), 6, 10_000,
                    base.topics().stream().map(TopicBinding::activityType).toList());
            out.printf(Locale.ROOT, "machine: %d cores, java %s, max heap %d MB; produced %,d events in %.1f s (not timed)%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory() >> 20, produced, (System.nanoTime() - t0) / 1e9);

            // Every event in the topics, so the runs after it find nothing new.
            new CronPasses(dataDir, jobFile, format, out).run(kafka.bootstrapServers(), produced);

            // A first run in a fresh JVM spends seconds compiling the hot path: shown, then the passes are timed warm.
            Pass cold = fullRun(kafka, "cold", Math.max(1, events / 4));
            Pass ceiling = consumeOnly(base, events);
            out.printf(Locale.ROOT, "events of %.0f bytes on average (JSON values)%n", (double) ceiling.bytes() / ceiling.events());
            Pass full = fullRun(kafka, "full-" + events, events);
            print(List.of(cold, ceiling, full));
            out.printf(Locale.ROOT, "full / ceiling: %.2f (events/s)%n", full.eventsPerSecond() / ceiling.eventsPerSecond());
            out.printf(Locale.ROOT, "output: %,d files, %.1f MB (%.1f%% of the input bytes)%n",
                    full.summary().counts().filesWritten(), full.summary().counts().bytesWritten() / 1e6,
                    100.0 * full.summary().counts().bytesWritten() / Math.max(1, full.bytes()));
            long readBack = readBackRows(full.summary().job(), "full-" + events, kafka);
            long written = full.summary().counts().recordsWritten();
            out.printf(Locale.ROOT, "read back with %s: %,d rows; the run wrote %,d: %s%n",
                    format.equals("avro") ? "Avro's reader" : "DuckDB", readBack, written, readBack == written ? "identical" : "DIFFERENT");
            out.println("time per stage of the full run (poll, decode and wait on one thread while write runs on another;"
                    + " the rest is start-up, lease and recovery):");
            for (Map.Entry<String, Duration> e : full.summary().stages().entrySet()) {
                out.printf(Locale.ROOT, "  %-9s %8.2f s  %5.1f%%%n", e.getKey(), e.getValue().toNanos() / 1e9,
                        100.0 * e.getValue().toNanos() / full.time().toNanos());
            }
            scheduled(kafka, events, cold);
            new InputFormatsPass(out).run(kafka, name -> job(kafka, name, events), Math.max(8, events / 2));
            new ShardsPass(out).run(kafka, name -> job(kafka, name, events), Math.max(12, events / 2));
            if (format.equals("parquet")) {
                compaction(kafka, Math.max(8, events / 4));
            }
            if (scaling) {
                scaling(kafka, sizes);
            }
            out.printf(Locale.ROOT, "process peak RSS (broker, producer and loader in one JVM): %d MB%n", peakRssKb() >> 10);
        }
    }

    /** The same job fired by the scheduler in this JVM: warm between runs. */
    private void scheduled(EmbeddedKafka kafka, long events, Pass cold) throws InterruptedException {
        long perRun = Math.max(1, events / 3);
        out.printf(Locale.ROOT, "scheduler: the job fired every second in this JVM (warm between runs), %,d new events a run:%n", perRun);
        for (RunRow r : SchedulerPass.run(job(kafka, "scheduled", perRun), 3)) {
            double seconds = Duration.between(r.startedAt(), r.finishedAt()).toMillis() / 1000.0;
            out.printf(Locale.ROOT, "  run %s: %,d events in %.2f s, %,.0f events/s (%.1fx the cold JVM's %,.0f)%n", r.runId(),
                    r.recordsRead(), seconds, r.recordsRead() / seconds, r.recordsRead() / seconds / cold.eventsPerSecond(),
                    cold.eventsPerSecond());
        }
    }

    /** Cron-sized runs into topics of their own leave small files; {@link CompactionPass} merges them, beside a plain copy. */
    private void compaction(EmbeddedKafka kafka, long events) throws IOException {
        JobSpec base = job(kafka, "compaction", events);
        List<TopicBinding> topics = base.topics().stream().map(t -> new TopicBinding(t.topic() + "_compaction", t.activityType())).toList();
        kafka.createTopics(topics.stream().map(TopicBinding::topic).toList(), 4);
        new TrafficGenerator(kafka.bootstrapServers(), 2).withoutIds().withTopicSuffix("_compaction").produce(events,
                Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6)), 6, 10_000,
                topics.stream().map(TopicBinding::activityType).toList());
        Path plain = Files.createDirectories(dataDir.resolve("plain-copy"));
        new CompactionPass(out).run(base.withTopics(topics), 8, events / 8, plain);
    }

    /** Full runs over N, 2N, 4N and 8N events: how time and heap grow. */
    private void scaling(EmbeddedKafka kafka, List<Long> sizes) throws IOException {
        List<Pass> passes = new ArrayList<>();
        for (long n : sizes) {
            passes.add(fullRun(kafka, "scale-" + n, n));
        }
        out.println("scaling (full runs, fresh catalog and warehouse each):");
        print(passes);
        Pass first = passes.get(0);
        Pass last = passes.get(passes.size() - 1);
        out.printf(Locale.ROOT, "%dx the events: %.2fx the time, %.2fx the peak heap after GC%n",
                last.events() / Math.max(1, first.events()), last.seconds() / first.seconds(),
                (double) last.peakHeapBytes() / first.peakHeapBytes());
    }

    private JobSpec job(EmbeddedKafka kafka, String name, long maxRecords) {
        return new JobLoader(jobFile.getParent(), Map.of()).load(jobFile.toString(), Map.of(
                "kafka.bootstrap_servers", kafka.bootstrapServers(),
                "output.warehouse", dataDir.resolve("warehouse-" + name).toString(),
                "output.format", format,
                "catalog.url", "jdbc:h2:file:" + dataDir.resolve("catalog-" + name),
                "limits.max_records", String.valueOf(maxRecords),
                "limits.max_bytes", "1024GB",
                "limits.max_duration", "2h",
                "event_time.max_past", "3650d"));
    }

    private Pass consumeOnly(JobSpec job, long events) {
        try (ResourceWatch watch = new ResourceWatch()) {
            long start = System.nanoTime();
            ConsumeOnly.Drained d = ConsumeOnly.drain(job, events);
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            return new Pass("consume only", d.records(), d.bytes(), time, watch.cpuNanos(), watch.heapAtStart(),
                    watch.peakHeapAfterGc(), watch.collections(), null);
        }
    }

    private Pass fullRun(EmbeddedKafka kafka, String name, long events) throws IOException {
        JobSpec job = job(kafka, name, events);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse());
             ResourceWatch watch = new ResourceWatch()) {
            long start = System.nanoTime();
            RunSummary summary = new LoadRun(job, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
            Duration time = Duration.ofNanos(System.nanoTime() - start);
            return new Pass((name.equals("cold") ? "cold JVM, " : "") + "full run " + format + " ("
                    + String.format(Locale.ROOT, "%,d", events) + ")",
                    summary.counts().recordsRead(), summary.counts().bytesRead(), time, watch.cpuNanos(), watch.heapAtStart(),
                    watch.peakHeapAfterGc(), watch.collections(), summary);
        }
    }

    /**
     * Rows in the published files of a pass, as a reader sees them: DuckDB over Parquet; Avro files
     * counted from their blocks (DuckDB's Avro reader is an extension it would download).
     */
    private long readBackRows(String jobName, String passName, EmbeddedKafka kafka) throws IOException {
        JobSpec job = job(kafka, passName, 1);
        try (Catalog catalog = Catalog.open(job.catalog()); Storage storage = new Storage(job.output().warehouse())) {
            if (job.output().format() == OutputFormat.AVRO) {
                long rows = 0;
                for (DataFileRow f : catalog.manifest().published(jobName)) {
                    rows += FileFormats.countRecords(storage, f.path(), OutputFormat.AVRO);
                }
                return rows;
            }
            Table t = new ReportRunner(catalog, storage).run(Report.load("events_by_hour"), job).table();
            int events = t.columns().indexOf("events");
            return t.rows().stream().mapToLong(r -> ((Number) r.get(events)).longValue()).sum();
        }
    }

    private void print(List<Pass> passes) {
        out.printf(Locale.ROOT, "%-40s %12s %9s %12s %8s %13s %26s%n", "pass", "events", "seconds", "events/s", "MB/s",
                "CPU s (cores)", "heap MB: start, peak (GC)");
        for (Pass p : passes) {
            out.printf(Locale.ROOT, "%-40s %,12d %9.2f %,12.0f %8.1f %7.1f (%3.1f) %15d, %4d (%3d)%n", p.what(), p.events(),
                    p.seconds(), p.eventsPerSecond(), p.megabytesPerSecond(), p.cpuNanos() / 1e9, p.cpuNanos() / 1e9 / p.seconds(),
                    p.heapAtStart() >> 20, p.peakHeapBytes() >> 20, p.collections());
        }
    }

    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

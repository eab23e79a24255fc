package org.activityloader.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.embedded.EmbeddedKafka;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Hour;
import org.activityloader.audit.Finding;
import org.activityloader.audit.WarehouseAudit;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourFiles;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.HourState;
import org.activityloader.partition.PartitionKey;
import org.activityloader.report.HourTable;
import org.activityloader.run.CompactionRequest;
import org.activityloader.run.CompactionResult;
import org.activityloader.run.CompactionRun;
import org.activityloader.run.ProgressMode;
import org.activityloader.run.RunContext;
import org.activityloader.run.LoadRun;
import org.activityloader.run.RunSummary;
import org.activityloader.config.JobLoader;
import org.activityloader.config.JobSpec;
import org.activityloader.config.RegistryUrl;
import org.activityloader.config.TopicBinding;
import org.activityloader.config.TopicFormat;
import org.activityloader.embedded.SchemaRegistryServer;
import org.activityloader.fault.Faults;
import org.activityloader.report.Report;
import org.activityloader.report.ReportFormat;
import org.activityloader.report.PreparedQuery;
import org.activityloader.report.ReportRunner;
import org.activityloader.report.Table;
import org.activityloader.write.Storage;

/**
 * {@code loader demo}: the whole loader on embedded defaults. Starts a real Kafka broker, produces
 * activity traffic with some malformed events, runs the job twice with more traffic between,
 * verifies, and prints what was loaded next to what was produced and what DuckDB reads back; then
 * loads the other input formats (registry-framed Avro, log lines) on a job of their own.
 */
public final class Demo {
    private final Path dataDir;
    private final Path jobFile;
    private final long firstBatch;
    private final long secondBatch;
    private final PrintWriter out;

    public Demo(Path dataDir, Path jobFile, long firstBatch, long secondBatch, PrintWriter out) {
        this.dataDir = dataDir.toAbsolutePath();
        this.jobFile = jobFile;
        this.firstBatch = firstBatch;
        this.secondBatch = secondBatch;
        this.out = out;
    }

    /** Returns true when everything read back matches what was produced. */
    public boolean run() throws IOException {
        DataDirectory.reset(dataDir);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"))) {
            out.println("Kafka broker (KRaft, in-process) on " + kafka.bootstrapServers());
            JobSpec spec = job(kafka, "");
            List<String> types = spec.topics().stream().map(t -> t.activityType()).toList();
            kafka.createTopics(spec.topics().stream().map(t -> t.topic()).toList(), 4);
            TrafficGenerator generator = new TrafficGenerator(kafka.bootstrapServers(), 42);
            Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));

            TrafficGenerator.Traffic traffic = produce(generator, firstBatch, start, 5, types);
            try (Catalog catalog = Catalog.open(spec.catalog()); Storage storage = new Storage(spec.output().warehouse())) {
                runOnce(spec, catalog, storage, "first run");
                traffic = traffic.plus(produce(generator, secondBatch, start.plus(Duration.ofHours(4)), 2, types));
                runOnce(spec, catalog, storage, "second run (only the new events)");
                showHoursAndCompact(spec, catalog, storage, types.get(0));

                List<Finding> findings = new WarehouseAudit(catalog, storage).verify(spec.name());
                out.println();
                out.println("verify: " + (findings.isEmpty() ? "OK, every offset loaded exactly once, every file accounted for"
                        : findings.size() + " finding(s)"));
                findings.forEach(f -> out.println("  " + f));

                ReportRunner reports = new ReportRunner(catalog, storage);
                Table loaded = reports.run(Report.load("loaded_by_hour"), spec).table();
                out.println();
                out.println("Loaded per activity type and hour (catalog):");
                out.print(loaded.format());
                out.println();
                out.println("Dead letters (catalog):");
                out.print(reports.run(Report.load("dead_letters"), spec).table().format());
                PreparedQuery hourly = reports.run(Report.load("events_by_hour"), spec);
                Table readBack = hourly.table();
                out.println();
                out.println("Read back from the Parquet files with DuckDB (loader report activity events_by_hour):");
                out.print(ReportFormat.TABLE.render(hourly.heading(), readBack));
                Path page = dataDir.resolve("events_by_hour.html");
                Files.writeString(page, ReportFormat.HTML.render(hourly.heading(), readBack));
                out.println("The same report as a page with a chart (--format html): " + page.toUri());

                boolean catalogMatches = counts(loaded, 0, 1, 2, 4).equals(traffic.goodByHour());
                boolean filesMatch = counts(readBack, 0, 1, 2, 3).equals(traffic.goodByHour());
                out.println();
                out.printf("Produced %,d good and %,d malformed events.%n", traffic.good(), traffic.malformed());
                out.println("Catalog matches what was produced: " + (catalogMatches ? "yes" : "NO"));
                out.println("Parquet read-back matches what was produced: " + (filesMatch ? "yes" : "NO"));
                boolean formatsMatch = otherFormats(kafka, start);
                out.println("Everything is in " + dataDir + " (warehouse/, catalog.mv.db; the other formats' job: warehouse-formats/, catalog-formats.mv.db)");
                return catalogMatches && filesMatch && findings.isEmpty() && formatsMatch;
            }
        }
    }

    /** The job file with the embedded broker, and a warehouse and catalog in the data folder (named with {@code suffix}). */
    private JobSpec job(EmbeddedKafka kafka, String suffix) {
        return new JobLoader(jobFile.getParent(), Map.of()).load(jobFile.toString(), Map.of(
                "kafka.bootstrap_servers", kafka.bootstrapServers(),
                "output.warehouse", dataDir.resolve("warehouse" + suffix).toString(),
                "catalog.url", "jdbc:h2:file:" + dataDir.resolve("catalog" + suffix) + ";AUTO_SERVER=TRUE",
                "catalog.user", "sa"));
    }

    /**
     * The two other input formats, on a job of their own: page views framed for a schema registry
     * (one in 50 left malformed) and log lines (two not UTF-8), loaded once and read back.
     */
    private boolean otherFormats(EmbeddedKafka kafka, Instant start) throws IOException {
        try (SchemaRegistryServer registry = SchemaRegistryServer.start()) {
            JobSpec spec = job(kafka, "-formats").withTopics(List.of(
                    TopicBinding.registryFramed("page_views_avro", "page_view", RegistryUrl.parse(registry.url())),
                    new TopicBinding("app_logs", "app_log", TopicFormat.TEXT)));
            kafka.createTopics(List.of("page_views_avro", "app_logs"), 2);
            TrafficGenerator.Traffic framed = new TrafficGenerator(kafka.bootstrapServers(), 7).withTopicSuffix("_avro")
                    .encodedAs(new FramedEvents(spec, registry)::encode).produce(Math.max(100, firstBatch / 10), start, 3, 50,
                    List.of("page_view"));
            long lines = LogLines.produce(kafka.bootstrapServers(), "app_logs", Math.max(100, firstBatch / 10), start);
            out.println();
            out.printf("Other input formats (a job of its own): %,d page views as registry-framed Avro (schema registry at %s),"
                    + " %,d log lines%n", framed.good() + framed.malformed(), registry.url(), lines + LogLines.NOT_UTF8);
            try (Catalog catalog = Catalog.open(spec.catalog()); Storage storage = new Storage(spec.output().warehouse())) {
                runOnce(spec, catalog, storage, "one run of format: avro-registry and format: text");
                ReportRunner reports = new ReportRunner(catalog, storage);
                Table loaded = reports.sql("SELECT 'page_view' AS activity_type, count(*) AS \"rows\" FROM page_view UNION ALL"
                        + " SELECT 'app_log', count(*) FROM app_log ORDER BY 1", spec, Optional.empty()).table();
                out.print(loaded.format());
                out.print(reports.run(Report.load("dead_letters"), spec).table().format());
                boolean match = loaded.rows().equals(List.of(List.of("app_log", lines), List.of("page_view", framed.good())));
                out.println("Other formats read back as produced: " + (match ? "yes" : "NO"));
                return match;
            }
        }
    }

    private TrafficGenerator.Traffic produce(TrafficGenerator generator, long events, Instant start, int hours, List<String> types) {
        long t0 = System.nanoTime();
        TrafficGenerator.Traffic t = generator.produce(events, start, hours, 700, types);
        out.printf("Produced %,d events (%,d malformed) over %d hours of event time in %.1f s%n",
                events, t.malformed(), hours, (System.nanoTime() - t0) / 1e9);
        return t;
    }

    private void runOnce(JobSpec spec, Catalog catalog, Storage storage, String label) {
        RunSummary summary = new LoadRun(spec, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false).run();
        out.println();
        out.println(label + ":");
        out.println("  " + summary.describe().replace(System.lineSeparator(), System.lineSeparator() + "  "));
    }

    /**
     * The hours of one activity type (the others are alike): the older ones complete with their
     * {@code _SUCCESS}, the newest still open (within allowed_lateness); then one compaction of the
     * complete hours that the two runs each wrote a file into.
     */
    private void showHoursAndCompact(JobSpec spec, Catalog catalog, Storage storage, String type) {
        List<HourRow> hours = catalog.hours().ofJob(spec.name());
        Map<PartitionKey, HourFiles> files = catalog.hours().liveFiles(spec.name());
        out.println();
        out.printf("Hours of %s (loader hours %s --types %s): %d complete with their _SUCCESS, %d open (allowed_lateness %d min)%n",
                type, spec.name(), type, hours.stream().filter(h -> h.state().closed()).count(),
                hours.stream().filter(h -> !h.state().closed()).count(), spec.hours().allowedLateness().toMinutes());
        out.print(HourTable.of(hours.stream().filter(h -> h.activityType().equals(type)).toList(), files).format());
        if (hours.stream().anyMatch(h -> h.state() == HourState.AMENDED)) {
            out.println("amended: the second batch brought events for an hour the first run had completed (late records);"
                    + " its _SUCCESS was written again");
        }
        CompactionResult compacted = new CompactionRun(new RunContext(spec, catalog, storage, Clock.systemUTC(), Faults.NONE, () -> false,
                ProgressMode.NONE), new CompactionRequest(k -> true, spec.output().maxFileBytes(), false, Duration.ofMinutes(5))).run();
        out.println();
        out.println("loader compact " + spec.name() + " (the small files of complete hours, merged):");
        out.println("  " + compacted.describe(spec.name()));
    }

    /** (type, date, hour) → count from a report table's columns. */
    private static Map<Hour, Long> counts(Table t, int type, int date, int hour, int count) {
        Map<Hour, Long> out = new HashMap<>();
        for (List<Object> row : t.rows()) {
            out.merge(new Hour(String.valueOf(row.get(type)), LocalDate.parse(String.valueOf(row.get(date))),
                    ((Number) row.get(hour)).intValue()), ((Number) row.get(count)).longValue(), Long::sum);
        }
        return out;
    }
}

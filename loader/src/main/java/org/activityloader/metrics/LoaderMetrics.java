package org.activityloader.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.HourRow;
import org.activityloader.catalog.LoadTotals;
import org.activityloader.report.JobStatus;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;

/**
 * The loader's metrics, in Prometheus' text format: what runs read, wrote and rejected, how they
 * ended, how long they took, when a job last succeeded and how far behind Kafka it is. One cron run
 * writes them to a file for node_exporter's textfile collector, its counters the job's totals from
 * the catalog; {@code loader schedule} serves the same names on {@code /metrics}, counting what its
 * own runs did over its lifetime. Micrometer's Prometheus registry
 * (it writes the text format, and suffixes by Prometheus' conventions: _total, _seconds, _bytes).
 */
public final class LoaderMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Gauge values, kept here because a gauge reads a live object. */
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();
    /** Per job, the outcome its last-run gauge carries and the topics its lag gauges have. */
    private final Map<String, String> lastOutcome = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> lagTopics = new ConcurrentHashMap<>();

    /**
     * The job's totals over every committed run, read from the catalog, as counters: what a cron
     * run's metrics file reports, so that they grow from one run's file to the next (a file holding
     * only its own run's counts would look to Prometheus like a counter that never moves).
     */
    public void catalogTotals(Catalog catalog, String job) {
        catalog.lineage().readPerTopic(job).forEach(t -> read(job, t.name()).increment(t.n()));
        LoadTotals t = catalog.runs().loadTotals(job);
        written(job).increment(t.recordsWritten());
        bytesRead(job).increment(t.bytesRead());
        bytesWritten(job).increment(t.bytesWritten());
        filesWritten(job).increment(t.filesWritten());
        Map<String, Long> byKind = new TreeMap<>();
        catalog.deadLetters().problemsSince(job, Instant.EPOCH).forEach(p -> byKind.merge(p.problem(), p.records(), Long::sum));
        byKind.forEach((kind, n) -> rejected(job, kind).increment(n));
        Map<String, Long> byOutcome = new TreeMap<>();
        catalog.runs().loadsByStatus(job).stream()
                .filter(c -> !c.name().equals("running")) // not ended yet: counted once it has, so the counter never goes back
                .forEach(c -> byOutcome.merge(c.name().equals("published") || c.name().equals("committed") ? RunOutcome.OK.label()
                        : c.name(), c.n(), Long::sum)); // failed, aborted
        byOutcome.forEach((outcome, n) -> runs(job, outcome).increment(n));
        lateRecords(job, catalog.hours().ofJob(job).stream().mapToLong(HourRow::lateRecords).sum());
    }

    /** The counter of late records brought up to the catalog's total (read at each status: it only grows). */
    private void lateRecords(String job, long total) {
        Counter late = counter("loader.late.records", "records that arrived after their hour was complete (they amended it)", null,
                Tags.of("job", job));
        if (total > late.count()) {
            late.increment(total - late.count());
        }
    }

    /** A run that committed, counted by this process ({@code loader schedule}, over its lifetime). */
    public void runSucceeded(RunSummary run) {
        String job = run.job();
        run.readByTopic().forEach((topic, n) -> read(job, topic).increment(n));
        written(job).increment(run.counts().recordsWritten());
        run.rejectedByKind().forEach((kind, n) -> rejected(job, kind).increment(n));
        bytesRead(job).increment(run.counts().bytesRead());
        bytesWritten(job).increment(run.counts().bytesWritten());
        filesWritten(job).increment(run.counts().filesWritten());
        runs(job, RunOutcome.OK.label()).increment();
        lastRun(job, RunOutcome.OK, run.duration());
    }

    /** A run that did not commit, counted by this process. */
    public void runFailed(String job, RunOutcome outcome, Duration duration) {
        runs(job, outcome.label()).increment();
        lastRun(job, outcome, duration);
    }

    /** How the last run ended (ok, failed, bad_config, already_running, commit_conflict, ...), and how long it took. */
    public void lastRun(String job, RunOutcome outcome, Duration duration) {
        gauge("loader.last.run.duration", "how long the last run took", "seconds", Tags.of("job", job), duration.toMillis() / 1000.0);
        gauge("loader.last.run.success", "1 if the last run committed, 0 if it did not", null, Tags.of("job", job),
                outcome == RunOutcome.OK ? 1.0 : 0.0);
        String previous = lastOutcome.put(job, outcome.label());
        if (previous != null && !previous.equals(outcome.label())) {
            removeGauge("loader.last.run.outcome", Tags.of("job", job, "outcome", previous));
        }
        gauge("loader.last.run.outcome", "1, labelled with how the last run ended", null, Tags.of("job", job, "outcome", outcome.label()),
                1.0);
    }

    /**
     * The job's state in the catalog and in Kafka: last success, whether Kafka answered, lag per
     * topic. A lag that is not known (Kafka down, a timestamp not read in time) has no series: no
     * figure rather than a wrong one; {@code loader_kafka_up} says why.
     */
    public void status(JobStatus status) {
        String job = status.job();
        status.lastSuccess().ifPresent(t -> lastSuccess(job, t));
        gauge("loader.hours.open", "hours not complete yet (some source partition has not passed them plus allowed_lateness)", null,
                Tags.of("job", job), status.hours().open());
        gauge("loader.oldest.open.hour", "how long ago the oldest open hour began (0: none open)", "seconds", Tags.of("job", job),
                status.hours().oldestOpenSeconds(status.at()));
        lateRecords(job, status.hours().lateRecords());
        gauge("loader.kafka.up", "1 if Kafka answered the last status read, 0 if not (lag unknown)", null, Tags.of("job", job),
                status.kafkaError().isPresent() ? 0.0 : 1.0);
        Map<String, Long> records = new TreeMap<>();
        Map<String, Optional<Double>> seconds = new TreeMap<>();
        for (JobStatus.Partition p : status.partitions()) {
            records.merge(p.topic(), p.lagRecords(), Long::sum);
            Optional<Double> age = p.lagRecords() == 0 ? Optional.of(0.0) : p.lagSeconds();
            seconds.merge(p.topic(), age, (a, b) -> a.isEmpty() || b.isEmpty() ? Optional.empty() : Optional.of(Math.max(a.get(), b.get())));
        }
        for (String topic : lagTopics.getOrDefault(job, Set.of())) {
            if (status.kafkaError().isPresent() || !records.containsKey(topic)) {
                removeGauge("loader.lag.records", Tags.of("job", job, "topic", topic));
            }
            if (status.kafkaError().isPresent() || seconds.getOrDefault(topic, Optional.empty()).isEmpty()) {
                removeGauge("loader.lag", Tags.of("job", job, "topic", topic));
            }
        }
        if (status.kafkaError().isPresent()) {
            lagTopics.remove(job);
            return;
        }
        lagTopics.put(job, Set.copyOf(records.keySet()));
        records.forEach((topic, n) -> gauge("loader.lag.records", "records in Kafka not loaded yet", null,
                Tags.of("job", job, "topic", topic), n.doubleValue()));
        seconds.forEach((topic, s) -> s.ifPresent(v -> gauge("loader.lag", "age of the oldest record not loaded yet (0: none waiting)",
                "seconds", Tags.of("job", job, "topic", topic), v)));
    }

    public void lastSuccess(String job, java.time.Instant at) {
        gauge("loader.last.success.timestamp", "when the job's last load was published, in seconds since the epoch", "seconds",
                Tags.of("job", job), at.toEpochMilli() / 1000.0);
    }

    /** The metrics in Prometheus' text exposition format (no timestamps). */
    public String scrape() {
        return registry.scrape();
    }

    private Counter read(String job, String topic) {
        return counter("loader.records.read", "records read from Kafka", null, Tags.of("job", job, "topic", topic));
    }

    private Counter written(String job) {
        return counter("loader.records.written", "records written to data files", null, Tags.of("job", job));
    }

    private Counter rejected(String job, String kind) {
        return counter("loader.records.rejected", "records rejected to dead letters, by kind of problem", null,
                Tags.of("job", job, "kind", kind));
    }

    private Counter bytesRead(String job) {
        return counter("loader.read", "bytes of record keys and values read from Kafka", "bytes", Tags.of("job", job));
    }

    private Counter bytesWritten(String job) {
        return counter("loader.written", "bytes of data files written", "bytes", Tags.of("job", job));
    }

    private Counter filesWritten(String job) {
        return counter("loader.files.written", "data files written", null, Tags.of("job", job));
    }

    private Counter runs(String job, String outcome) {
        return counter("loader.runs", "runs by outcome", null, Tags.of("job", job, "outcome", outcome));
    }

    private Counter counter(String name, String help, String unit, Tags tags) {
        return Counter.builder(name).description(help).baseUnit(unit).tags(tags).register(registry);
    }

    private void gauge(String name, String help, String unit, Tags tags, double value) {
        AtomicReference<Double> holder = gauges.computeIfAbsent(name + tags, k -> {
            AtomicReference<Double> h = new AtomicReference<>(value);
            Gauge.builder(name, h, AtomicReference::get).description(help).baseUnit(unit).tags(tags).register(registry);
            return h;
        });
        holder.set(value);
    }

    private void removeGauge(String name, Tags tags) {
        if (gauges.remove(name + tags) != null) {
            Meter gauge = registry.find(name).tags(tags).gauge();
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
    }
}

package org.activityloader.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.activityloader.report.JobStatus;
import org.activityloader.run.RunOutcome;
import org.activityloader.run.RunSummary;

/**
 * The loader's metrics, in Prometheus' text format: what runs read, wrote and rejected, how they
 * ended, how long they took, when a job last succeeded and how far behind Kafka it is. One cron run
 * writes them to a file for node_exporter's textfile collector; {@code loader schedule} serves the
 * same names, counting over its lifetime, on {@code /metrics}. Micrometer's Prometheus registry
 * (it writes the text format, and suffixes by Prometheus' conventions: _total, _seconds, _bytes).
 */
public final class LoaderMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    /** Gauge values, kept here because a gauge reads a live object. */
    private final Map<String, AtomicReference<Double>> gauges = new ConcurrentHashMap<>();

    /** A run that committed: its counts, per topic and per kind of reject. */
    public void runSucceeded(RunSummary run) {
        String job = run.job();
        run.readByTopic().forEach((topic, n) -> counter("loader.records.read", "records read from Kafka", null,
                Tags.of("job", job, "topic", topic)).increment(n));
        counter("loader.records.written", "records written to data files", null, Tags.of("job", job))
                .increment(run.counts().recordsWritten());
        run.rejectedByKind().forEach((kind, n) -> counter("loader.records.rejected", "records rejected to dead letters, by kind of problem",
                null, Tags.of("job", job, "kind", kind)).increment(n));
        counter("loader.read", "bytes of record keys and values read from Kafka", "bytes", Tags.of("job", job))
                .increment(run.counts().bytesRead());
        counter("loader.written", "bytes of data files written", "bytes", Tags.of("job", job)).increment(run.counts().bytesWritten());
        counter("loader.files.written", "data files written", null, Tags.of("job", job)).increment(run.counts().filesWritten());
        runEnded(job, RunOutcome.OK, run.duration());
    }

    /** Any run's end, by its outcome (ok, failed, bad_config, already_running, commit_conflict, ...). */
    public void runEnded(String job, RunOutcome outcome, Duration duration) {
        counter("loader.runs", "runs by outcome", null, Tags.of("job", job, "outcome", outcome.label())).increment();
        gauge("loader.last.run.duration", "how long the last run took", "seconds", Tags.of("job", job), duration.toMillis() / 1000.0);
        gauge("loader.last.run.success", "1 if the last run committed, 0 if it failed", null, Tags.of("job", job),
                outcome == RunOutcome.OK ? 1.0 : 0.0);
    }

    /** The job's state in the catalog and in Kafka: last success, lag per topic. */
    public void status(JobStatus status) {
        String job = status.job();
        status.lastSuccess().ifPresent(t -> lastSuccess(job, t));
        if (status.kafkaError().isPresent()) {
            return; // lag unknown: no figure rather than a wrong one
        }
        Map<String, Long> records = new java.util.TreeMap<>();
        Map<String, Double> seconds = new java.util.TreeMap<>();
        for (JobStatus.Partition p : status.partitions()) {
            records.merge(p.topic(), p.lagRecords(), Long::sum);
            seconds.merge(p.topic(), p.lagSeconds().orElse(0.0), Math::max);
        }
        records.forEach((topic, n) -> gauge("loader.lag.records", "records in Kafka not loaded yet", null,
                Tags.of("job", job, "topic", topic), n.doubleValue()));
        seconds.forEach((topic, s) -> gauge("loader.lag", "age of the oldest record not loaded yet (0: none waiting)",
                "seconds", Tags.of("job", job, "topic", topic), s));
    }

    public void lastSuccess(String job, java.time.Instant at) {
        gauge("loader.last.success.timestamp", "when the job's last load was published, in seconds since the epoch", "seconds",
                Tags.of("job", job), at.toEpochMilli() / 1000.0);
    }

    /** The metrics in Prometheus' text exposition format (no timestamps). */
    public String scrape() {
        return registry.scrape();
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
}

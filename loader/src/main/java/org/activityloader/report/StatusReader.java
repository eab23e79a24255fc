package org.activityloader.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.RunRow;
import org.activityloader.catalog.StoredOffset;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.config.JobSpec;
import org.activityloader.config.KafkaSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.source.DrainPlanner;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionLog;
import org.apache.kafka.common.TopicPartition;
import org.quartz.CronExpression;

/**
 * Reads a {@link JobStatus}: the catalog's side always, Kafka's side (end offsets, lag in records
 * and in time) within {@code kafkaTimeout}; an unreachable Kafka leaves the catalog's side whole
 * and says so in one line.
 */
public final class StatusReader {
    private static final Duration RECENT = Duration.ofHours(24);
    /** A scheduler node checks in every {@code JobScheduler.CHECK_IN} (2 minutes); silent this long, it is gone. */
    private static final Duration SCHEDULER_SILENCE = Duration.ofMinutes(5);

    private final Catalog catalog;
    private final Clock clock;

    public StatusReader(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public JobStatus read(JobSpec spec, Duration kafkaTimeout, int lastRuns) {
        String job = spec.name();
        Instant now = clock.instant();
        StoredOffsets stored = catalog.offsets().of(job);
        List<JobStatus.Partition> partitions = new ArrayList<>();
        Optional<String> kafkaError = Optional.empty();
        KafkaSpec quick = spec.kafka().withRequestTimeout(
                kafkaTimeout.compareTo(spec.kafka().requestTimeout()) < 0 ? kafkaTimeout : spec.kafka().requestTimeout());
        try (KafkaSource kafka = new KafkaSource(quick, clock)) {
            List<PartitionLog> logs = kafka.logs(spec.topics().stream().map(TopicBinding::topic).toList());
            Map<TopicPartition, Long> waiting = new HashMap<>();
            for (PartitionLog p : logs) {
                long from = Math.max(stored.get(p.topicPartition()).map(StoredOffset::nextOffset).orElse(p.logStart()), p.logStart());
                if (from < p.logEnd()) {
                    waiting.put(p.topicPartition(), from);
                }
            }
            Map<TopicPartition, Long> oldest = kafka.timestampsAt(waiting);
            for (PartitionLog p : logs) {
                Optional<StoredOffset> row = stored.get(p.topicPartition());
                Optional<Long> next = row.map(StoredOffset::nextOffset);
                long from = Math.max(next.orElse(p.logStart()), p.logStart());
                Optional<Double> age = Optional.ofNullable(oldest.get(p.topicPartition()))
                        .map(ts -> Math.max(0, now.toEpochMilli() - ts) / 1000.0);
                boolean recreated = row.flatMap(o -> DrainPlanner.recreated(o.topicId(), o.nextOffset(), p)).isPresent();
                Optional<String> warning;
                long lag;
                if (recreated) { // none of the new topic is loaded, and runs stop until an operator says where to start
                    lag = p.logEnd() - p.logStart();
                    age = Optional.empty();
                    warning = Optional.of("the topic was deleted and recreated (or truncated) since it was loaded: runs stop"
                            + " here until: loader reset-offsets " + spec.argument() + " --topic " + p.topic());
                } else {
                    lag = Math.max(0, p.logEnd() - from);
                    warning = next.filter(n -> n < p.logStart())
                            .map(n -> "offsets [" + n + ", " + p.logStart() + ") were deleted by Kafka before they were loaded;"
                                    + " the next run records the gap (on_gap: skip) or stops (on_gap: fail)");
                }
                partitions.add(new JobStatus.Partition(p.topic(), p.partition(), next, p.logStart(), p.logEnd(), lag, age, warning));
            }
        } catch (RuntimeException e) {
            kafkaError = Optional.of("Kafka is not reachable at " + spec.kafka().bootstrapServers() + " within "
                    + quick.requestTimeout().toSeconds() + " s (" + e.getMessage() + "); lag unknown");
            for (StoredOffset o : stored.all()) {
                partitions.add(new JobStatus.Partition(o.topic(), o.kafkaPartition(), Optional.of(o.nextOffset()), -1, -1, 0,
                        Optional.empty(), Optional.empty()));
            }
        }
        List<JobStatus.Run> runs = catalog.runs().recent(job, lastRuns).stream().map(StatusReader::run).toList();
        Instant since = now.minus(RECENT);
        List<String> schedulers = catalog.schedulerNodes().seenSince(job, now.minus(SCHEDULER_SILENCE));
        return new JobStatus(job, now, catalog.versions().current(job), spec.schedule(),
                schedulers, schedulers.isEmpty() ? Optional.empty() : spec.schedule().flatMap(cron -> nextFiring(cron, spec, now)),
                catalog.runs().lastSuccess(job), partitions, kafkaError, runs,
                catalog.deadLetters().problemsSince(job, since),
                catalog.lineage().gapsSince(job, since), HourCounts.of(catalog.hours().ofJob(job), spec.eventTime().zone()));
    }

    private static Optional<Instant> nextFiring(String cron, JobSpec spec, Instant now) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(java.util.TimeZone.getTimeZone(spec.scheduleZone()));
            return Optional.ofNullable(expression.getNextValidTimeAfter(java.util.Date.from(now))).map(java.util.Date::toInstant);
        } catch (java.text.ParseException e) {
            return Optional.empty(); // validated when the job was loaded
        }
    }

    private static JobStatus.Run run(RunRow r) {
        Optional<Instant> end = Optional.ofNullable(r.finishedAt()).or(() -> Optional.ofNullable(r.committedAt()));
        Optional<Double> seconds = end.map(e -> Duration.between(r.startedAt(), e).toMillis() / 1000.0);
        Optional<Double> rate = seconds.filter(s -> s > 0 && r.recordsRead() > 0).map(s -> r.recordsRead() / s);
        return new JobStatus.Run(r.runId(), r.kind(), r.status().value(), r.startedAt(), end, seconds, r.recordsRead(),
                r.recordsWritten(), r.recordsRejected(), r.filesWritten(), rate, Optional.ofNullable(r.error()));
    }
}

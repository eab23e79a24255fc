package org.activityloader.report;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.ProblemCount;

/**
 * How a job is doing, for {@code loader status} (a table for people, JSON for machines) and for the
 * lag metrics: its partitions' lag, its last runs, its recent problems, its schedule.
 *
 * @param kafkaError     why Kafka's side (end offsets, lag) is missing, when it is
 * @param lastSuccess    when its last load was published
 * @param catalogVersion the job's catalog version now (0 before its first commit)
 * @param schedulers     the {@code loader schedule} nodes that checked in for the job lately (empty: none fires it,
 *                       so there is no next firing to show, whatever its schedule says)
 */
public record JobStatus(String job, Instant at, long catalogVersion, Optional<String> schedule, List<String> schedulers,
                        Optional<Instant> nextFiring,
                        Optional<Instant> lastSuccess, List<Partition> partitions, Optional<String> kafkaError,
                        List<Run> runs, List<ProblemCount> deadLetters24h, List<OffsetGapRow> gaps24h, HourCounts hours) {
    public JobStatus {
        partitions = List.copyOf(partitions);
        schedulers = List.copyOf(schedulers);
        runs = List.copyOf(runs);
        deadLetters24h = List.copyOf(deadLetters24h);
        gaps24h = List.copyOf(gaps24h);
    }

    /**
     * One topic-partition: where loading continues, Kafka's log now, and how far behind the job is.
     *
     * @param nextOffset  empty for a partition never loaded
     * @param lagRecords  records in Kafka not loaded yet
     * @param lagSeconds  age of the oldest record not loaded yet (by its Kafka timestamp); empty when none is waiting
     *                    or its timestamp could not be read
     * @param warning     what stops or changes the next run here: offsets Kafka deleted before they were loaded
     *                    (which it records), or a topic deleted and recreated (which stops it until a reset)
     */
    public record Partition(String topic, int partition, Optional<Long> nextOffset, long logStart, long logEnd,
                            long lagRecords, Optional<Double> lagSeconds, Optional<String> warning) {
    }

    /** One run: when, what kind, how it ended, what it did. */
    public record Run(String runId, String kind, String status, Instant startedAt, Optional<Instant> finishedAt,
                      Optional<Double> durationSeconds, long recordsRead, long recordsWritten, long recordsRejected,
                      int files, Optional<Double> eventsPerSecond, Optional<String> error) {
    }

    public long lagRecords() {
        return partitions.stream().mapToLong(Partition::lagRecords).sum();
    }

    /** The largest lag in time over the partitions, if any is known. */
    public Optional<Double> lagSeconds() {
        return partitions.stream().flatMap(p -> p.lagSeconds().stream()).max(Double::compare);
    }
}

package org.activityloader.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A validated job definition: everything a run needs, immutable.
 *
 * @param name           job name: the key of its offsets and lease in the catalog
 * @param source         the file it was read from, for messages
 * @param eventTimeField event field holding the event time (epoch millis or ISO-8601); the Kafka
 *                       record timestamp is used when the event has none
 * @param zone           zone of the date/hour partitions
 * @param schemasDir     folder of the Avro schemas, one {@code <activity_type>.avsc} each
 * @param leaseTimeout   how long a run's lease lasts without renewal; a crashed run's lease
 *                       expires after it and the next run recovers
 * @param schedule       Quartz cron expression for {@code loader schedule}, if any
 */
public record JobSpec(String name, String source, KafkaSpec kafka, List<TopicBinding> topics,
                      String eventTimeField, ZoneId zone, Path schemasDir, OutputSpec output,
                      CatalogSpec catalog, RunLimits limits, Duration leaseTimeout,
                      Optional<String> schedule) {
    public JobSpec {
        topics = List.copyOf(topics);
    }

    public JobSpec withLimits(RunLimits newLimits) {
        return new JobSpec(name, source, kafka, topics, eventTimeField, zone, schemasDir, output, catalog,
                newLimits, leaseTimeout, schedule);
    }

    public JobSpec withLeaseTimeout(Duration timeout) {
        return new JobSpec(name, source, kafka, topics, eventTimeField, zone, schemasDir, output, catalog,
                limits, timeout, schedule);
    }
}

package org.activityloader.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A validated job definition: everything a run needs, immutable.
 *
 * @param name         job name: the key of its offsets and lease in the catalog
 * @param source       the file it was read from, for messages
 * @param schemasDir   folder of the Avro schemas, one {@code <activity_type>.avsc} each
 * @param onGap        what to do when retention deleted offsets before they were loaded
 * @param leaseTimeout how long a run's lease lasts without renewal; a crashed run's lease expires
 *                     after it and the next run recovers
 * @param schedule     Quartz cron expression for {@code loader schedule}, if any
 * @param scheduleZone the zone the cron expression is read in
 * @param vacuumGrace  how long files a backfill or compaction replaced are kept for queries still reading them
 * @param hours        when its hours are complete, and whether runs compact them
 * @param shards       how many processes may load it in parallel, each one {@code Shard} of its partitions
 */
public record JobSpec(String name, String source, KafkaSpec kafka, List<TopicBinding> topics,
                      EventTimeSpec eventTime, Path schemasDir, OutputSpec output, CatalogSpec catalog,
                      RunLimits limits, GapPolicy onGap, Duration leaseTimeout, Optional<String> schedule,
                      ZoneId scheduleZone, Duration vacuumGrace, HourSpec hours, int shards) {
    public JobSpec {
        topics = List.copyOf(topics);
    }

    /**
     * How a command line names this job in the commands the loader suggests: its name when its file is
     * {@code <name>.yaml} in the jobs folder ({@code LOADER_JOBS_DIR}, else {@code jobs}), else the file's path,
     * so that the suggestion runs as printed.
     */
    public String argument() {
        Path file = Path.of(source).toAbsolutePath().normalize();
        Path jobs = Path.of(System.getenv().getOrDefault("LOADER_JOBS_DIR", "jobs")).toAbsolutePath().normalize();
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString();
        boolean named = jobs.equals(file.getParent()) && (fileName.equals(name + ".yaml") || fileName.equals(name + ".yml"));
        return named ? name : file.toString();
    }

    public JobSpec withLimits(RunLimits newLimits) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, newLimits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withKafka(KafkaSpec newKafka) {
        return new JobSpec(name, source, newKafka, topics, eventTime, schemasDir, output, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withLeaseTimeout(Duration timeout) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, limits, onGap,
                timeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withOutput(OutputSpec newOutput) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, newOutput, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withSchedule(String cron) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, limits, onGap,
                leaseTimeout, Optional.of(cron), scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withSchemasDir(Path dir) {
        return new JobSpec(name, source, kafka, topics, eventTime, dir, output, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withTopics(List<TopicBinding> newTopics) {
        return new JobSpec(name, source, kafka, newTopics, eventTime, schemasDir, output, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }

    public JobSpec withHours(HourSpec newHours) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, newHours, shards);
    }

    public JobSpec withShards(int count) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, limits, onGap,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, count);
    }

    public JobSpec withOnGap(GapPolicy policy) {
        return new JobSpec(name, source, kafka, topics, eventTime, schemasDir, output, catalog, limits, policy,
                leaseTimeout, schedule, scheduleZone, vacuumGrace, hours, shards);
    }
}

package org.activityloader.run;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.DeadLetterDao;
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileDao;
import org.activityloader.catalog.FileSourceRow;
import org.activityloader.catalog.JobVersionDao;
import org.activityloader.catalog.OffsetDao;
import org.activityloader.catalog.StoredOffsets;
import org.activityloader.config.JobSpec;
import org.activityloader.config.TopicBinding;
import org.activityloader.partition.PartitionKey;
import org.activityloader.source.KafkaSource;
import org.activityloader.source.PartitionLog;
import org.activityloader.source.PartitionRange;
import org.apache.kafka.common.TopicPartition;

/**
 * Step 3 of a backfill, its reads: what {@link BackfillPlanner} plans from, all as of one catalog
 * version. The job's version and stored offsets are read together (read again if a commit came
 * between), so a regular run committing meanwhile is wholly outside the plan: its files are not
 * replaced and its offsets lie past the plan's cap. Then the chosen hours' live files at that
 * version and their lineage; the unresolved dead letters that may belong to the hours (those of the
 * runs that wrote the files, and those whose offsets fall in each hour's time window in Kafka, so a
 * reject of a run that wrote nothing else into the hour is found too); each partition's log; and for
 * hours never loaded, the offsets of their time window.
 */
final class LineageReader {
    private final JobSpec spec;
    private final Catalog catalog;
    private final KafkaSource source;
    private final Runnable keepAlive;

    /** @param keepAlive called between the many reads of a long plan (renews the lease; nothing for a dry run) */
    LineageReader(JobSpec spec, Catalog catalog, KafkaSource source, Runnable keepAlive) {
        this.spec = spec;
        this.catalog = catalog;
        this.source = source;
        this.keepAlive = keepAlive;
    }

    BackfillPlan plan(BackfillRequest request) {
        String job = spec.name();
        long version;
        StoredOffsets stored;
        do {
            version = version(job);
            stored = StoredOffsets.of(catalog.withDao(OffsetDao.class, d -> d.forJob(job)));
        } while (version != version(job));
        long at = version;

        List<DataFileRow> files = new ArrayList<>();
        List<PartitionKey> withoutFiles = new ArrayList<>();
        for (PartitionKey hour : request.hours()) {
            List<DataFileRow> live = catalog.withDao(FileDao.class, d -> d.liveInHourAt(job, hour.activityType(), hour.date(), hour.hour(), at));
            files.addAll(live);
            if (live.isEmpty()) {
                withoutFiles.add(hour);
            }
        }
        List<String> paths = files.stream().map(DataFileRow::path).toList();
        List<FileSourceRow> sources = paths.isEmpty() ? List.of() : catalog.withDao(FileDao.class, d -> d.sourcesOf(paths));
        Set<String> topics = request.hours().stream().map(PartitionKey::activityType).distinct()
                .flatMap(type -> topicsOf(type).stream()).collect(Collectors.toSet());
        Map<TopicPartition, PartitionLog> logs = new LinkedHashMap<>();
        source.logs(List.copyOf(topics)).forEach(l -> logs.put(l.topicPartition(), l));
        Map<PartitionKey, Map<TopicPartition, long[]>> windows = timeWindows(request, logs);

        Map<String, DeadLetterRow> candidates = new LinkedHashMap<>();
        List<String> runs = files.stream().map(DataFileRow::runId).distinct().toList();
        if (!runs.isEmpty()) {
            catalog.withDao(DeadLetterDao.class, d -> d.unresolvedOfRuns(job, runs)).stream()
                    .filter(d -> topics.contains(d.topic())).forEach(d -> candidates.put(key(d), d));
        }
        Map<TopicPartition, List<long[]>> windowsOfPartition = new HashMap<>();
        windows.values().forEach(m -> m.forEach((tp, r) -> windowsOfPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(r)));
        StoredOffsets offsets = stored;
        windowsOfPartition.forEach((tp, ranges) -> BackfillPlanner.merge(ranges).forEach(r ->
                unresolvedIn(job, new PartitionRange(tp, r[0], r[1]), offsets).forEach(d -> candidates.put(key(d), d))));

        Map<PartitionKey, Map<TopicPartition, long[]>> fromTimes = new HashMap<>();
        withoutFiles.forEach(h -> fromTimes.put(h, windows.get(h)));
        BackfillPlan plan = BackfillPlanner.plan(job, version, request.hours(), files, sources, List.copyOf(candidates.values()),
                stored, fromTimes, logs, request.allowPartial());
        // Every unresolved dead letter in the ranges read, whichever run rejected it: one that decodes
        // into a chosen hour now must be resolved, or its event would be both a dead letter and in a file.
        List<DeadLetterRow> inRanges = new ArrayList<>();
        for (PartitionRange r : plan.ranges()) {
            inRanges.addAll(unresolvedIn(job, r, stored));
        }
        return plan.withDeadLetters(inRanges);
    }

    private long version(String job) {
        return catalog.withDao(JobVersionDao.class, d -> d.current(job)).orElse(0L);
    }

    private List<DeadLetterRow> unresolvedIn(String job, PartitionRange r, StoredOffsets stored) {
        return catalog.withDao(DeadLetterDao.class, d -> d.unresolvedIn(job, r.topic(), r.partition(), stored.epoch(r.topicPartition()),
                r.from(), r.to()));
    }

    private static String key(DeadLetterRow d) {
        return d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset();
    }

    private List<String> topicsOf(String activityType) {
        return spec.topics().stream().filter(t -> t.activityType().equals(activityType)).map(TopicBinding::topic).toList();
    }

    /**
     * Per hour and partition of its topics, the offsets of the records Kafka timestamped from the
     * lateness before the hour to the lateness after it (a local hour that occurs twice, when clocks
     * go back, from its first start to its second end).
     */
    private Map<PartitionKey, Map<TopicPartition, long[]>> timeWindows(BackfillRequest request, Map<TopicPartition, PartitionLog> logs) {
        ZoneId zone = spec.eventTime().zone();
        Duration lateness = request.lateness();
        Map<PartitionKey, Map<TopicPartition, long[]>> out = new HashMap<>();
        for (PartitionKey hour : request.hours()) {
            keepAlive.run();
            ZonedDateTime local = hour.date().atTime(hour.hour(), 0).atZone(zone);
            long from = local.withEarlierOffsetAtOverlap().toInstant().minus(lateness).toEpochMilli();
            long to = local.withLaterOffsetAtOverlap().toInstant().plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
            Map<TopicPartition, Long> fromTs = new HashMap<>();
            Map<TopicPartition, Long> toTs = new HashMap<>();
            Map<TopicPartition, Long> ends = new HashMap<>();
            List<String> topics = topicsOf(hour.activityType());
            for (PartitionLog l : logs.values()) {
                if (topics.contains(l.topic())) {
                    fromTs.put(l.topicPartition(), from);
                    toTs.put(l.topicPartition(), to);
                    ends.put(l.topicPartition(), l.logEnd());
                }
            }
            Map<TopicPartition, Long> a = source.offsetsAtOrAfter(fromTs, ends);
            Map<TopicPartition, Long> b = source.offsetsAtOrAfter(toTs, ends);
            Map<TopicPartition, long[]> ranges = new HashMap<>();
            a.forEach((tp, first) -> ranges.put(tp, new long[] {first, Math.max(first, b.getOrDefault(tp, first))}));
            out.put(hour, ranges);
        }
        return out;
    }
}

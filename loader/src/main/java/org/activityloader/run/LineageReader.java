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
import org.activityloader.catalog.DeadLetterRow;
import org.activityloader.catalog.FileSourceRow;
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
            stored = catalog.offsets().of(job);
        } while (version != version(job));
        long at = version;

        // The chosen hours' live files in one read of the days they fall in, sorted out here.
        java.time.LocalDate firstDay = request.hours().stream().map(PartitionKey::date).min(java.time.LocalDate::compareTo).orElseThrow();
        java.time.LocalDate lastDay = request.hours().stream().map(PartitionKey::date).max(java.time.LocalDate::compareTo).orElseThrow();
        List<String> types = request.hours().stream().map(PartitionKey::activityType).distinct().toList();
        List<DataFileRow> files = catalog.manifest().liveInDaysAt(job, types, firstDay, lastDay, at).stream()
                .filter(f -> request.hours().contains(new PartitionKey(f.activityType(), f.eventDate(), f.eventHour()))).toList();
        Set<PartitionKey> withFiles = files.stream().map(f -> new PartitionKey(f.activityType(), f.eventDate(), f.eventHour()))
                .collect(Collectors.toSet());
        List<PartitionKey> withoutFiles = request.hours().stream().filter(h -> !withFiles.contains(h)).toList();
        List<String> paths = files.stream().map(DataFileRow::path).toList();
        List<FileSourceRow> sources = paths.isEmpty() ? List.of() : catalog.lineage().sourcesOf(paths);
        Set<String> topics = request.hours().stream().map(PartitionKey::activityType).distinct()
                .flatMap(type -> topicsOf(type).stream()).collect(Collectors.toSet());
        Map<TopicPartition, PartitionLog> logs = new LinkedHashMap<>();
        source.logs(List.copyOf(topics)).forEach(l -> logs.put(l.topicPartition(), l));
        Map<String, DeadLetterRow> candidates = new LinkedHashMap<>();
        List<String> runs = files.stream().map(DataFileRow::runId).distinct().toList();
        if (!runs.isEmpty()) {
            catalog.deadLetters().unresolvedOfRuns(job, runs).stream()
                    .filter(d -> topics.contains(d.topic())).forEach(d -> candidates.put(key(d), d));
        }
        // Rejects of the hours' Kafka time windows, whichever run rejected them: one window per type and run of
        // consecutive hours (two requests to Kafka's time index each), not one per hour.
        Map<TopicPartition, List<long[]>> windowsOfPartition = new HashMap<>();
        for (Window w : windows(request.hours(), request.lateness())) {
            keepAlive.run();
            offsetsBetween(w, logs).forEach((tp, r) -> windowsOfPartition.computeIfAbsent(tp, k -> new ArrayList<>()).add(r));
        }
        StoredOffsets offsets = stored;
        windowsOfPartition.forEach((tp, ranges) -> unresolvedIn(job, tp, BackfillPlanner.merge(ranges), offsets)
                .forEach(d -> candidates.put(key(d), d)));

        // Hours never loaded are read from their own windows.
        Map<PartitionKey, Map<TopicPartition, long[]>> fromTimes = new HashMap<>();
        for (PartitionKey h : withoutFiles) {
            keepAlive.run();
            fromTimes.put(h, offsetsBetween(windows(Set.of(h), request.lateness()).get(0), logs));
        }
        BackfillPlan plan = BackfillPlanner.plan(job, version, request.hours(), files, sources, List.copyOf(candidates.values()),
                stored, fromTimes, logs, request.allowPartial());
        // Every unresolved dead letter in the ranges read, whichever run rejected it: one that decodes
        // into a chosen hour now must be resolved, or its event would be both a dead letter and in a file.
        Map<TopicPartition, List<long[]>> rangesOfPartition = new LinkedHashMap<>();
        plan.ranges().forEach(r -> rangesOfPartition.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(new long[] {r.from(), r.to()}));
        List<DeadLetterRow> inRanges = new ArrayList<>();
        rangesOfPartition.forEach((tp, ranges) -> inRanges.addAll(unresolvedIn(job, tp, ranges, offsets)));
        return plan.withDeadLetters(inRanges);
    }

    private long version(String job) {
        return catalog.versions().current(job);
    }

    /** The partition's unresolved dead letters in any of the ranges: one read from the first range's start to the last's end. */
    private List<DeadLetterRow> unresolvedIn(String job, TopicPartition tp, List<long[]> ranges, StoredOffsets stored) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        long from = ranges.stream().mapToLong(r -> r[0]).min().orElseThrow();
        long to = ranges.stream().mapToLong(r -> r[1]).max().orElseThrow();
        return catalog.deadLetters().unresolvedIn(job, tp, stored.epoch(tp), from, to)
                .stream().filter(d -> ranges.stream().anyMatch(r -> d.kafkaOffset() >= r[0] && d.kafkaOffset() < r[1])).toList();
    }

    private static String key(DeadLetterRow d) {
        return d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset();
    }

    private List<String> topicsOf(String activityType) {
        return spec.topics().stream().filter(t -> t.activityType().equals(activityType)).map(TopicBinding::topic).toList();
    }

    /** Event times of one activity type, from a first hour's start less the lateness to a last hour's end plus it. */
    private record Window(String activityType, long from, long to) {
    }

    /**
     * The hours as time windows, per activity type, with consecutive (or overlapping, with the
     * lateness) hours joined: a local hour that occurs twice (clocks going back) spans from its first
     * start to its second end.
     */
    private List<Window> windows(Set<PartitionKey> hours, Duration lateness) {
        ZoneId zone = spec.eventTime().zone();
        Map<String, List<long[]>> byType = new java.util.TreeMap<>();
        for (PartitionKey hour : hours) {
            ZonedDateTime local = hour.date().atTime(hour.hour(), 0).atZone(zone);
            long from = local.withEarlierOffsetAtOverlap().toInstant().minus(lateness).toEpochMilli();
            long to = local.withLaterOffsetAtOverlap().toInstant().plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
            byType.computeIfAbsent(hour.activityType(), t -> new ArrayList<>()).add(new long[] {from, to});
        }
        List<Window> out = new ArrayList<>();
        byType.forEach((type, spans) -> {
            spans.sort(java.util.Comparator.comparingLong(r -> r[0]));
            long[] open = null;
            for (long[] r : spans) {
                if (open != null && r[0] <= open[1]) {
                    open[1] = Math.max(open[1], r[1]);
                } else {
                    if (open != null) {
                        out.add(new Window(type, open[0], open[1]));
                    }
                    open = r.clone();
                }
            }
            out.add(new Window(type, open[0], open[1]));
        });
        return out;
    }

    /** Per partition of the window's topics, the offsets Kafka timestamped inside it: two requests to its time index. */
    private Map<TopicPartition, long[]> offsetsBetween(Window w, Map<TopicPartition, PartitionLog> logs) {
        Map<TopicPartition, Long> fromTs = new HashMap<>();
        Map<TopicPartition, Long> toTs = new HashMap<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<String> topics = topicsOf(w.activityType());
        for (PartitionLog l : logs.values()) {
            if (topics.contains(l.topic())) {
                fromTs.put(l.topicPartition(), w.from());
                toTs.put(l.topicPartition(), w.to());
                ends.put(l.topicPartition(), l.logEnd());
            }
        }
        Map<TopicPartition, Long> a = source.offsetsAtOrAfter(fromTs, ends);
        Map<TopicPartition, Long> b = source.offsetsAtOrAfter(toTs, ends);
        Map<TopicPartition, long[]> ranges = new HashMap<>();
        a.forEach((tp, first) -> ranges.put(tp, new long[] {first, Math.max(first, b.getOrDefault(tp, first))}));
        return ranges;
    }
}

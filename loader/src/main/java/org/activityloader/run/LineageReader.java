package org.activityloader.run;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
        List<DataFileRow> files = liveFiles(request.hours(), version);
        List<String> paths = files.stream().map(DataFileRow::path).toList();
        List<FileSourceRow> sources = paths.isEmpty() ? List.of() : catalog.lineage().sourcesOf(paths);
        Set<String> topics = request.hours().stream().map(PartitionKey::activityType).distinct()
                .flatMap(type -> topicsOf(type).stream()).collect(Collectors.toSet());
        Map<TopicPartition, PartitionLog> logs = new LinkedHashMap<>();
        source.logs(List.copyOf(topics)).forEach(l -> logs.put(l.topicPartition(), l));
        List<DeadLetterRow> candidates = candidateDeadLetters(request, files, topics, logs, stored);
        BackfillPlan plan = BackfillPlanner.plan(new BackfillInputs(job, version, request.hours(), request.allowPartial(), files,
                sources, candidates, stored, fromTimes(request, files, logs), logs));
        // Every unresolved dead letter in the ranges read, whichever run rejected it: one that decodes
        // into a chosen hour now must be resolved, or its event would be both a dead letter and in a file.
        Map<TopicPartition, List<PartitionRange>> rangesOfPartition = new LinkedHashMap<>();
        plan.ranges().forEach(r -> rangesOfPartition.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r));
        List<DeadLetterRow> inRanges = new ArrayList<>();
        StoredOffsets offsets = stored;
        rangesOfPartition.forEach((tp, ranges) -> inRanges.addAll(unresolvedIn(job, tp, ranges, offsets)));
        return plan.withDeadLetters(inRanges);
    }

    /** The chosen hours' live files at the version, in one read of the days they fall in, sorted out here. */
    private List<DataFileRow> liveFiles(Set<PartitionKey> hours, long version) {
        LocalDate firstDay = hours.stream().map(PartitionKey::date).min(LocalDate::compareTo).orElseThrow();
        LocalDate lastDay = hours.stream().map(PartitionKey::date).max(LocalDate::compareTo).orElseThrow();
        List<String> types = hours.stream().map(PartitionKey::activityType).distinct().toList();
        return catalog.manifest().liveInDaysAt(spec.name(), types, firstDay, lastDay, version).stream()
                .filter(f -> hours.contains(hourOf(f))).toList();
    }

    /**
     * The unresolved dead letters of the runs that wrote the files, and those of the hours' Kafka time
     * windows, whichever run rejected them: one window per type and run of consecutive hours (two
     * requests to Kafka's time index each), not one per hour.
     */
    private List<DeadLetterRow> candidateDeadLetters(BackfillRequest request, List<DataFileRow> files, Set<String> topics,
                                                     Map<TopicPartition, PartitionLog> logs, StoredOffsets stored) {
        String job = spec.name();
        Map<String, DeadLetterRow> candidates = new LinkedHashMap<>();
        List<String> runs = files.stream().map(DataFileRow::runId).distinct().toList();
        if (!runs.isEmpty()) {
            catalog.deadLetters().unresolvedOfRuns(job, runs).stream()
                    .filter(d -> topics.contains(d.topic())).forEach(d -> candidates.put(key(d), d));
        }
        Map<TopicPartition, List<PartitionRange>> windowsOfPartition = new HashMap<>();
        for (Window w : windows(request.hours(), request.lateness())) {
            keepAlive.run();
            offsetsBetween(w, logs).forEach(r -> windowsOfPartition.computeIfAbsent(r.topicPartition(), k -> new ArrayList<>()).add(r));
        }
        windowsOfPartition.forEach((tp, ranges) -> unresolvedIn(job, tp, BackfillPlanner.merge(ranges), stored)
                .forEach(d -> candidates.put(key(d), d)));
        return List.copyOf(candidates.values());
    }

    /** Hours never loaded (no live file) are read from their own time windows. */
    private Map<PartitionKey, List<PartitionRange>> fromTimes(BackfillRequest request, List<DataFileRow> files,
                                                               Map<TopicPartition, PartitionLog> logs) {
        Set<PartitionKey> withFiles = files.stream().map(LineageReader::hourOf).collect(Collectors.toSet());
        Map<PartitionKey, List<PartitionRange>> fromTimes = new HashMap<>();
        for (PartitionKey h : request.hours()) {
            if (!withFiles.contains(h)) {
                keepAlive.run();
                fromTimes.put(h, offsetsBetween(windows(Set.of(h), request.lateness()).get(0), logs));
            }
        }
        return fromTimes;
    }

    private long version(String job) {
        return catalog.versions().current(job);
    }

    /** The partition's unresolved dead letters in any of the ranges: one read from the first range's start to the last's end. */
    private List<DeadLetterRow> unresolvedIn(String job, TopicPartition tp, List<PartitionRange> ranges, StoredOffsets stored) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        long from = ranges.stream().mapToLong(PartitionRange::from).min().orElseThrow();
        long to = ranges.stream().mapToLong(PartitionRange::to).max().orElseThrow();
        return catalog.deadLetters().unresolvedIn(job, tp, stored.epoch(tp), from, to)
                .stream().filter(d -> ranges.stream().anyMatch(r -> d.kafkaOffset() >= r.from() && d.kafkaOffset() < r.to())).toList();
    }

    private static String key(DeadLetterRow d) {
        return d.topic() + "-" + d.kafkaPartition() + "@" + d.kafkaOffset();
    }

    private static PartitionKey hourOf(DataFileRow f) {
        return new PartitionKey(f.activityType(), f.eventDate(), f.eventHour());
    }

    private List<String> topicsOf(String activityType) {
        return spec.topics().stream().filter(t -> t.activityType().equals(activityType)).map(TopicBinding::topic).toList();
    }

    /** Event times {@code [from, to)} in epoch milliseconds of one activity type. */
    private record Window(String activityType, long from, long to) {
    }

    /**
     * The hours as time windows, per activity type, from an hour's start less the lateness to its end
     * plus it, with consecutive (or overlapping, with the lateness) hours joined: a local hour that
     * occurs twice (clocks going back) spans from its first start to its second end.
     */
    private List<Window> windows(Set<PartitionKey> hours, Duration lateness) {
        ZoneId zone = spec.eventTime().zone();
        Map<String, List<Window>> byType = new TreeMap<>();
        for (PartitionKey hour : hours) {
            ZonedDateTime local = hour.date().atTime(hour.hour(), 0).atZone(zone);
            long from = local.withEarlierOffsetAtOverlap().toInstant().minus(lateness).toEpochMilli();
            long to = local.withLaterOffsetAtOverlap().toInstant().plus(Duration.ofHours(1)).plus(lateness).toEpochMilli();
            byType.computeIfAbsent(hour.activityType(), t -> new ArrayList<>()).add(new Window(hour.activityType(), from, to));
        }
        List<Window> out = new ArrayList<>();
        byType.values().forEach(spans -> {
            spans.sort(Comparator.comparingLong(Window::from));
            Window open = null;
            for (Window w : spans) {
                if (open != null && w.from() <= open.to()) {
                    open = new Window(open.activityType(), open.from(), Math.max(open.to(), w.to()));
                } else {
                    if (open != null) {
                        out.add(open);
                    }
                    open = w;
                }
            }
            out.add(open);
        });
        return out;
    }

    /** Per partition of the window's topics, the offsets Kafka timestamped inside it: two requests to its time index. */
    private List<PartitionRange> offsetsBetween(Window w, Map<TopicPartition, PartitionLog> logs) {
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
        List<PartitionRange> ranges = new ArrayList<>();
        a.forEach((tp, first) -> ranges.add(new PartitionRange(tp, first, Math.max(first, b.getOrDefault(tp, first)))));
        return ranges;
    }
}

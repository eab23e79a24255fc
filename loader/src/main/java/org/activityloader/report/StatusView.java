package org.activityloader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.activityloader.catalog.OffsetGapRow;
import org.activityloader.catalog.ProblemCount;
import org.activityloader.partition.PartitionKey;

/** A {@link JobStatus} for people (text tables) and for machines (one JSON document; its shape is in the README). */
public final class StatusView {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusView() {
    }

    public static String text(JobStatus s) {
        StringBuilder out = new StringBuilder();
        String nl = System.lineSeparator();
        out.append("Job ").append(s.job()).append(" at ").append(s.at()).append(": catalog version ").append(s.catalogVersion())
                .append(", last success ").append(s.lastSuccess().map(Instant::toString).orElse("never"));
        s.schedule().ifPresent(cron -> out.append(", schedule '").append(cron).append('\'').append(s.schedulers().isEmpty()
                ? " (no `loader schedule` is running it)"
                : ", next firing " + s.nextFiring().map(Instant::toString).orElse("none") + " by " + String.join(", ", s.schedulers())));
        out.append(nl).append(nl).append("Recent runs of job ").append(s.job()).append(':').append(nl);
        List<List<Object>> runs = new ArrayList<>();
        for (JobStatus.Run r : s.runs()) {
            runs.add(List.of(r.runId(), r.kind(), r.status(), r.startedAt(), r.recordsRead(), r.recordsWritten(),
                    r.recordsRejected(), r.files(), r.durationSeconds().map(d -> fmt("%.1f", d)).orElse(""),
                    r.eventsPerSecond().map(e -> fmt("%,.0f", e)).orElse(""), r.error().orElse("")));
        }
        out.append(new Table(List.of("run", "kind", "status", "started", "read", "written", "rejected", "files", "seconds",
                "events/s", "error"), runs).format());
        out.append(nl).append("Offsets:").append(nl);
        List<List<Object>> rows = new ArrayList<>();
        for (JobStatus.Partition p : s.partitions()) {
            rows.add(List.of(p.topic(), p.partition(), p.nextOffset().map(Object::toString).orElse("(never loaded)"),
                    p.logStart() < 0 ? "?" : p.logStart(), p.logEnd() < 0 ? "?" : p.logEnd(), p.logEnd() < 0 ? "?" : p.lagRecords(),
                    p.lagSeconds().map(d -> fmt("%.0f", d)).orElse("")));
        }
        out.append(new Table(List.of("topic", "partition", "next_offset", "log_start", "log_end", "lag", "lag_seconds"), rows).format());
        s.kafkaError().ifPresent(e -> out.append(e).append(nl));
        for (JobStatus.Partition p : s.partitions()) {
            p.warning().ifPresent(g -> out.append("WARNING: ").append(p.topic()).append('-').append(p.partition())
                    .append(": ").append(g).append(nl));
        }
        out.append(nl).append("Dead letters, last 24 hours: ");
        if (s.deadLetters24h().isEmpty()) {
            out.append("none").append(nl);
        } else {
            out.append(nl).append(new Table(List.of("topic", "problem", "records"), s.deadLetters24h().stream()
                    .map(d -> List.<Object>of(d.topic(), d.problem(), d.records())).toList()).format());
        }
        HourCounts h = s.hours();
        out.append("Hours: ").append(h.open()).append(" open").append(h.oldestOpen().map(k -> " (oldest: " + k.label() + ")").orElse(""))
                .append(", ").append(h.complete()).append(" complete, ").append(h.amended()).append(" amended (")
                .append(fmt("%,.0f", h.lateRecords())).append(" late records); `loader hours ").append(s.job()).append("` lists them")
                .append(nl);
        out.append("Offset gaps, last 24 hours: ");
        if (s.gaps24h().isEmpty()) {
            out.append("none").append(nl);
        } else {
            out.append(nl);
            for (OffsetGapRow g : s.gaps24h()) {
                out.append("WARNING: offsets [").append(g.fromOffset()).append(", ").append(g.toOffset()).append(") of ")
                        .append(g.topic()).append('-').append(g.kafkaPartition())
                        .append(" were deleted by Kafka before they were loaded (recorded by run ").append(g.runId()).append(')').append(nl);
            }
        }
        return out.toString();
    }

    /** {@code {"jobs": [...]}}, one element per job. */
    public static String json(List<JobStatus> statuses) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode jobs = root.putArray("jobs");
        statuses.forEach(s -> putJob(jobs.addObject(), s));
        try {
            return JSON.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putJob(ObjectNode j, JobStatus s) {
        j.put("job", s.job());
        j.put("at", s.at().toString());
        j.put("catalog_version", s.catalogVersion());
        j.put("schedule", s.schedule().orElse(null));
        j.put("next_firing", s.nextFiring().map(Instant::toString).orElse(null));
        ArrayNode schedulers = j.putArray("schedulers");
        s.schedulers().forEach(schedulers::add);
        j.put("last_success", s.lastSuccess().map(Instant::toString).orElse(null));
        boolean kafkaAnswered = s.kafkaError().isEmpty(); // else Kafka's side is unknown: null, never a reassuring 0
        putKnown(j, "lag_records", kafkaAnswered, s.lagRecords());
        putOptional(j, "lag_seconds", s.lagSeconds());
        j.put("kafka_error", s.kafkaError().orElse(null));
        ArrayNode parts = j.putArray("partitions");
        s.partitions().forEach(p -> putPartition(parts.addObject(), p, kafkaAnswered));
        ArrayNode runs = j.putArray("runs");
        s.runs().forEach(r -> putRun(runs.addObject(), r));
        ArrayNode dead = j.putArray("dead_letters_24h");
        for (ProblemCount d : s.deadLetters24h()) {
            dead.addObject().put("topic", d.topic()).put("problem", d.problem()).put("records", d.records());
        }
        ArrayNode gaps = j.putArray("gaps_24h");
        for (OffsetGapRow g : s.gaps24h()) {
            gaps.addObject().put("topic", g.topic()).put("partition", g.kafkaPartition()).put("from_offset", g.fromOffset())
                    .put("to_offset", g.toOffset()).put("run_id", g.runId());
        }
        ObjectNode hours = j.putObject("hours");
        hours.put("open", s.hours().open()).put("complete", s.hours().complete()).put("amended", s.hours().amended())
                .put("late_records", s.hours().lateRecords());
        hours.put("oldest_open", s.hours().oldestOpen().map(PartitionKey::label).orElse(null));
        hours.put("oldest_open_start", s.hours().oldestOpenStart().map(Instant::toString).orElse(null));
    }

    private static void putPartition(ObjectNode n, JobStatus.Partition p, boolean kafkaAnswered) {
        n.put("topic", p.topic());
        n.put("partition", p.partition());
        if (p.nextOffset().isPresent()) {
            n.put("next_offset", p.nextOffset().get());
        } else {
            n.putNull("next_offset");
        }
        putKnown(n, "log_start", kafkaAnswered, p.logStart());
        putKnown(n, "log_end", kafkaAnswered, p.logEnd());
        putKnown(n, "lag_records", kafkaAnswered, p.lagRecords());
        putOptional(n, "lag_seconds", p.lagSeconds());
        n.put("warning", p.warning().orElse(null));
    }

    private static void putRun(ObjectNode n, JobStatus.Run r) {
        n.put("run_id", r.runId());
        n.put("kind", r.kind());
        n.put("status", r.status());
        n.put("started_at", r.startedAt().toString());
        n.put("finished_at", r.finishedAt().map(Instant::toString).orElse(null));
        putOptional(n, "duration_seconds", r.durationSeconds());
        n.put("records_read", r.recordsRead());
        n.put("records_written", r.recordsWritten());
        n.put("records_rejected", r.recordsRejected());
        n.put("files", r.files());
        putOptional(n, "events_per_second", r.eventsPerSecond());
        n.put("error", r.error().orElse(null));
    }

    private static void putKnown(ObjectNode n, String field, boolean known, long value) {
        if (known) {
            n.put(field, value);
        } else {
            n.putNull(field);
        }
    }

    private static void putOptional(ObjectNode n, String field, Optional<Double> value) {
        if (value.isPresent()) {
            n.put(field, Math.round(value.get() * 1000) / 1000.0);
        } else {
            n.putNull(field);
        }
    }

    private static String fmt(String format, double value) {
        return String.format(Locale.ROOT, format, value);
    }
}

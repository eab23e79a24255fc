package org.activityloader.run;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.activityloader.catalog.RunCounts;
import org.activityloader.source.OffsetGap;

/**
 * What one run did, printed at its end.
 *
 * @param committed false for a run that found nothing to load: it made no commit (no catalog version, no run row)
 * @param warnings  what the run left for the next one after it was published (a staging folder it could not remove)
 * @param gcShare   share of the run's time the JVM spent collecting garbage (-1 when not watched)
 */
public record RunSummary(String job, String runId, RunCounts counts, List<OffsetGap> gaps,
                         List<String> recovered, Duration duration, Map<String, Duration> stages, long catalogVersion,
                         Map<String, Long> readByTopic, Map<String, Long> rejectedByKind, boolean committed, List<String> warnings,
                         double gcShare) {
    public RunSummary {
        gaps = List.copyOf(gaps);
        recovered = List.copyOf(recovered);
        warnings = List.copyOf(warnings);
        stages = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(stages));
        readByTopic = Map.copyOf(readByTopic);
        rejectedByKind = Map.copyOf(rejectedByKind);
    }

    public double eventsPerSecond() {
        double seconds = Math.max(duration.toNanos() / 1e9, 1e-9);
        return counts.recordsRead() / seconds;
    }

    public String describe() {
        double seconds = duration.toMillis() / 1000.0;
        StringBuilder sb = new StringBuilder();
        if (!committed) {
            sb.append(String.format(Locale.ROOT, "run %s of job %s: nothing to load (every partition is at its end offset);"
                    + " nothing committed; %.1f s", runId, job, seconds));
            recovered.forEach(r -> sb.append(System.lineSeparator()).append("recovered: ").append(r));
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "run %s of job %s: read %,d records (%,.1f MB), wrote %,d to %d file(s) (%,.1f MB),"
                        + " rejected %,d to dead letters, %,d unknown field(s) ignored; %.1f s, %,.0f events/s",
                runId, job, counts.recordsRead(), counts.bytesRead() / 1e6, counts.recordsWritten(), counts.filesWritten(),
                counts.bytesWritten() / 1e6, counts.recordsRejected(), counts.unknownFields(), seconds, eventsPerSecond()));
        if (gcShare >= 0) {
            sb.append(String.format(Locale.ROOT, ", garbage collection %.0f%% of it", 100 * gcShare));
        }
        for (OffsetGap g : gaps) {
            sb.append(String.format(Locale.ROOT, "%nWARNING: offsets [%d, %d) of %s-%d were deleted by Kafka before they were loaded"
                    + " (%,d records lost to retention; recorded in offset_gap)", g.from(), g.to(), g.topic(), g.partition(), g.to() - g.from()));
        }
        for (String r : recovered) {
            sb.append(System.lineSeparator()).append("recovered: ").append(r);
        }
        for (String w : warnings) {
            sb.append(System.lineSeparator()).append("warning: ").append(w);
        }
        return sb.toString();
    }
}

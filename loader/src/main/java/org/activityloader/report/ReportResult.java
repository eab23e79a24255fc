package org.activityloader.report;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a report's rows are read from, known before the first row: the job's catalog version (a
 * report at one version reads the same files every time it runs), the parameters, and from which
 * hour on the data may still grow (the oldest per-partition watermark: the event time of the newest
 * event loaded from each partition; later hours may still receive events, earlier ones only late ones).
 */
public record ReportResult(String report, String job, String description, long catalogVersion, Map<String, String> params,
                           Optional<Instant> openFrom, Optional<Report.Chart> chart) {
    public ReportResult {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
    }
}

package org.activityloader.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A report's parameter values, checked before the query runs so that a wrong value is refused with
 * its name and what it takes (never a database's error with the query in it): known names only,
 * counts as whole numbers from 0 up, {@code from}/{@code to} as times with {@code from} before
 * {@code to}. Pure.
 */
final class ReportParameters {
    private ReportParameters() {
    }

    /** Every parameter of the report by name: the value given, else its default. */
    static Map<String, String> resolve(Report report, Map<String, String> values) {
        Map<String, String> params = new LinkedHashMap<>();
        report.params().forEach(p -> params.put(p.name(), p.defaultValue()));
        if ((values.containsKey(Report.FROM.name()) || values.containsKey(Report.TO.name())) && !params.containsKey(Report.FROM.name())) {
            throw new IllegalArgumentException("report " + report.name() + " does not filter by event time: --from and --to do not"
                    + " apply to it");
        }
        values.forEach((k, v) -> {
            if (!params.containsKey(k)) {
                throw new IllegalArgumentException("report " + report.name() + " has no parameter " + k
                        + (params.isEmpty() ? "; it takes none" : "; its parameters: " + String.join(", ", params.keySet())));
            }
            params.put(k, v);
        });
        for (Report.Param p : report.params()) {
            String v = params.get(p.name());
            if (p.name().equals(Report.FROM.name()) || p.name().equals(Report.TO.name())) {
                params.put(p.name(), time(report, p.name(), v).toString());
            } else if (p.isCount() && !isCount(v)) {
                throw new IllegalArgumentException("report " + report.name() + ": parameter " + p.name() + " is a whole number from 0"
                        + " up (" + p.doc() + "), not '" + v + "'; e.g. --param " + p.name() + "=" + p.defaultValue());
            }
        }
        if (params.containsKey(Report.FROM.name())
                && !Instant.parse(params.get(Report.FROM.name())).isBefore(Instant.parse(params.get(Report.TO.name())))) {
            throw new IllegalArgumentException("report " + report.name() + ": --from " + params.get(Report.FROM.name())
                    + " is not before --to " + params.get(Report.TO.name()) + "; --to is the end of the range (exclusive)");
        }
        return params;
    }

    private static boolean isCount(String v) {
        if (!v.matches("\\d{1,10}")) {
            return false;
        }
        return Long.parseLong(v) <= Integer.MAX_VALUE;
    }

    /** An instant ({@code 2026-11-20T05:00:00Z}, any offset) or a day ({@code 2026-11-20}, from its start in UTC). */
    private static Instant time(Report report, String name, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADay) {
                throw new IllegalArgumentException("report " + report.name() + ": --" + name + " '" + text + "' is not a time; write"
                        + " e.g. 2026-11-20T05:00:00Z or 2026-11-20");
            }
        }
    }
}

package org.activityloader.report;

import java.util.List;
import java.util.Optional;
import org.activityloader.catalog.SqlFolder;

/**
 * A query of sql/reports, with its header: {@code -- description:} one line; {@code -- source:}
 * {@code catalog} (the JDBC catalog, {@code :job} bound) or {@code warehouse} (DuckDB over the
 * files live at one catalog version: a view per activity type and {@code activity} over all);
 * {@code -- param: NAME = DEFAULT  what it is} for each parameter; optionally {@code -- chart:
 * stacked_bars x=COL[,COL] series=COL y=COL} for the HTML page. A report whose query uses
 * {@code :from} and {@code :to} takes them too (event times, the whole range by default).
 */
public record Report(String name, Source source, String description, List<Param> params, Optional<Chart> chart, String sql) {
    public enum Source { CATALOG, WAREHOUSE }

    /**
     * A parameter the query uses as {@code :name}; values reach it as text (the query casts them). One
     * whose default is a whole number takes whole numbers from 0 up (a count, a limit, minutes).
     */
    public record Param(String name, String defaultValue, String doc) {
        public boolean isCount() {
            return defaultValue.matches("\\d+");
        }
    }

    /**
     * Bars: one slot per value of the x columns, a bar per series value, of height y: stacked when the
     * series are parts of one whole (events per activity type), side by side when they are measures
     * that do not add up (users and sessions).
     */
    public record Chart(Kind kind, List<String> x, String series, String y) {
        public enum Kind { STACKED_BARS, GROUPED_BARS }
    }

    public static final Param FROM = new Param("from", "1970-01-01T00:00:00Z", "first event time (--from)");
    public static final Param TO = new Param("to", "9999-12-31T00:00:00Z", "end of the event times, exclusive (--to)");

    public Report {
        params = List.copyOf(params);
    }

    public static Report load(String name) {
        String text = name.matches("[a-z0-9_]+") ? SqlFolder.REPORTS.read(name + ".sql").orElse(null) : null;
        if (text == null) {
            throw new IllegalArgumentException("no report '" + name + "'; reports: " + String.join(", ", names()));
        }
        return ReportFile.parse(name, text);
    }

    /** Names of the reports on the class path (from the jar or the build folder). */
    public static List<String> names() {
        return SqlFolder.REPORTS.names().stream().map(n -> n.substring(0, n.length() - ".sql".length())).toList();
    }
}

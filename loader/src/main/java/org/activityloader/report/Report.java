package org.activityloader.report;

import java.util.List;
import org.activityloader.catalog.SqlFolder;

/**
 * A query of sql/reports. Its header says where it runs: {@code -- source: catalog} (the JDBC
 * catalog, with {@code :job} bound) or {@code -- source: warehouse} (DuckDB over the published
 * data files: one view per activity type, and {@code activity} over all of them).
 */
public record Report(String name, Source source, String description, String sql) {
    public enum Source { CATALOG, WAREHOUSE }

    public static Report load(String name) {
        String text = name.matches("[a-z0-9_]+") ? SqlFolder.REPORTS.read(name + ".sql").orElse(null) : null;
        if (text == null) {
            throw new IllegalArgumentException("no report '" + name + "'; reports: " + String.join(", ", names()));
        }
        return parse(name, text);
    }

    static Report parse(String name, String text) {
        Source source = Source.CATALOG;
        String description = "";
        for (String line : text.lines().toList()) {
            if (line.startsWith("-- source:")) {
                source = Source.valueOf(line.substring("-- source:".length()).trim().toUpperCase(java.util.Locale.ROOT));
            } else if (line.startsWith("-- description:")) {
                description = line.substring("-- description:".length()).trim();
            }
        }
        return new Report(name, source, description, text.strip().replaceAll(";$", ""));
    }

    /** Names of the reports on the class path (from the jar or the build folder). */
    public static List<String> names() {
        return SqlFolder.REPORTS.names().stream().map(n -> n.substring(0, n.length() - ".sql".length())).toList();
    }
}

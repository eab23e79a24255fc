package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A report's {@code .sql} file read into a {@link Report}: its header comments (source, description,
 * parameters, chart; see {@link Report}) and its query, which is the whole text, comments and all,
 * but a trailing {@code ;}. {@code :from} and {@code :to} are parameters when the query uses them.
 */
final class ReportFile {
    private static final String SOURCE = "-- source:";
    private static final String DESCRIPTION = "-- description:";
    private static final Pattern PARAM = Pattern.compile("--\\s*param:\\s*(\\w+)\\s*=\\s*(\\S+)\\s*(.*)");
    private static final Pattern CHART = Pattern.compile("--\\s*chart:\\s*(stacked_bars|grouped_bars)\\s+x=(\\S+)\\s+series=(\\S+)\\s+y=(\\S+)\\s*");

    private ReportFile() {
    }

    static Report parse(String name, String text) {
        Report.Source source = Report.Source.CATALOG;
        String description = "";
        List<String> used = NamedParameters.of(text).names();
        List<Report.Param> params = new ArrayList<>(List.of(Report.FROM, Report.TO).stream().filter(p -> used.contains(p.name())).toList());
        Optional<Report.Chart> chart = Optional.empty();
        for (String line : text.lines().toList()) {
            Matcher p = PARAM.matcher(line.strip());
            Matcher c = CHART.matcher(line.strip());
            if (line.startsWith(SOURCE)) {
                source = Report.Source.valueOf(line.substring(SOURCE.length()).trim().toUpperCase(Locale.ROOT));
            } else if (line.startsWith(DESCRIPTION)) {
                description = line.substring(DESCRIPTION.length()).trim();
            } else if (p.matches()) {
                params.add(new Report.Param(p.group(1), p.group(2), p.group(3).strip()));
            } else if (c.matches()) {
                chart = Optional.of(new Report.Chart(Report.Chart.Kind.valueOf(c.group(1).toUpperCase(Locale.ROOT)),
                        List.of(c.group(2).split(",")), c.group(3), c.group(4)));
            }
        }
        return new Report(name, source, description, params, chart, text.strip().replaceAll(";$", ""));
    }
}

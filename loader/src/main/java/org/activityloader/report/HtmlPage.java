package org.activityloader.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * One self-contained HTML page for a report, written as its rows come: no script, no network, its
 * style inline. A report with a chart has its rows held for the chart ({@link BarChart}), which comes
 * before the table.
 */
final class HtmlPage implements RowWriter {
    /** A chart of more rows than this is not drawn (it would be unreadable, and its rows would have to be held). */
    static final int CHART_MAX_ROWS = 5000;

    private final ReportResult report;
    private final Writer out;
    private List<String> columns = List.of();
    /** Rows held for the chart, which comes before the table; null once the table has started. */
    private List<List<Object>> held;

    HtmlPage(ReportResult report, Writer out) {
        this.report = report;
        this.out = out;
    }

    @Override
    public void columns(List<String> names) throws IOException {
        columns = List.copyOf(names);
        out.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(report.report()) + " - "
                + esc(report.job()) + "</title>\n<style>body{font-family:sans-serif;margin:24px;color:#222}"
                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}"
                + "th{background:#f3f3f3}.meta{color:#555}svg text{font-size:11px;fill:#333}</style></head><body>\n");
        out.write("<h1>" + esc(report.report()) + "</h1>\n<p>" + esc(report.description()) + "</p>\n");
        out.write("<p class=\"meta\" id=\"meta\">" + esc(ReportFormat.header(report)) + "</p>\n");
        if (report.chart().isPresent()) {
            held = new ArrayList<>();
        } else {
            startTable();
        }
    }

    @Override
    public void row(List<Object> values) throws IOException {
        if (held == null) {
            tableRow(values);
            return;
        }
        held.add(values);
        if (held.size() > CHART_MAX_ROWS) {
            out.write("<p>(no chart: more than " + CHART_MAX_ROWS + " rows)</p>\n");
            flushHeld();
        }
    }

    @Override
    public void end() throws IOException {
        if (held != null) {
            out.write(BarChart.svg(new Table(columns, held), report.chart().orElseThrow()));
            flushHeld();
        }
        out.write("</tbody></table>\n</body></html>\n");
        out.flush();
    }

    private void flushHeld() throws IOException {
        List<List<Object>> rows = held;
        held = null;
        startTable();
        for (List<Object> r : rows) {
            tableRow(r);
        }
    }

    private void startTable() throws IOException {
        StringBuilder sb = new StringBuilder("<table id=\"rows\"><thead><tr>");
        columns.forEach(c -> sb.append("<th>").append(esc(c)).append("</th>"));
        sb.append("</tr></thead><tbody>\n");
        out.write(sb.toString());
    }

    private void tableRow(List<Object> values) throws IOException {
        StringBuilder sb = new StringBuilder("<tr>");
        values.forEach(v -> sb.append("<td>").append(esc(ReportFormat.text(v))).append("</td>"));
        out.write(sb.append("</tr>\n").toString());
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

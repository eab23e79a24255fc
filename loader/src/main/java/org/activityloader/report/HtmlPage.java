package org.activityloader.report;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One self-contained HTML page for a report, written as its rows come: no script, no network, its
 * style inline. For a report with a chart, bars as inline SVG: one slot per value of the x columns,
 * one bar per series value, stacked (parts of one whole) or side by side (measures that do not add
 * up), of height proportional to y, with axis labels and a legend. Each bar carries {@code data-x},
 * {@code data-series} and {@code data-value}, so a browser test can read the chart.
 */
final class HtmlPage implements RowWriter {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int BOTTOM = 90;
    private static final int TOP = 20;
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
            out.write(chart(new Table(columns, held), report.chart().orElseThrow()));
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

    static String chart(Table t, Report.Chart c) {
        List<Integer> xCols = c.x().stream().map(t.columns()::indexOf).toList();
        int seriesCol = t.columns().indexOf(c.series());
        int yCol = t.columns().indexOf(c.y());
        if (xCols.contains(-1) || seriesCol < 0 || yCol < 0) {
            return "<p>(no chart: the report has no columns " + esc(String.join(", ", c.x())) + ", " + esc(c.series()) + ", "
                    + esc(c.y()) + ")</p>\n";
        }
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        Set<String> series = new LinkedHashSet<>();
        for (List<Object> row : t.rows()) {
            List<String> parts = new ArrayList<>();
            xCols.forEach(i -> parts.add(t.columns().get(i).equals("hour") && row.get(i) instanceof Number n
                    ? String.format(Locale.ROOT, "%02d:00", n.intValue()) : ReportFormat.text(row.get(i))));
            String s = ReportFormat.text(row.get(seriesCol));
            series.add(s);
            double y = row.get(yCol) instanceof Number n ? n.doubleValue() : 0;
            bars.computeIfAbsent(String.join(" ", parts), k -> new LinkedHashMap<>()).merge(s, y, Double::sum);
        }
        boolean grouped = c.kind() == Report.Chart.Kind.GROUPED_BARS;
        double max = bars.values().stream().mapToDouble(m -> grouped ? m.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)
                : m.values().stream().mapToDouble(Double::doubleValue).sum()).max().orElse(0);
        double scale = max <= 0 ? 0 : (HEIGHT - TOP - BOTTOM) / max;
        List<String> seriesList = new ArrayList<>(series);
        int plotWidth = WIDTH - LEFT - 20;
        double slot = bars.isEmpty() ? plotWidth : (double) plotWidth / bars.size();
        StringBuilder sb = new StringBuilder();
        sb.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 20 * ((seriesList.size() + 3) / 4)).append("\" role=\"img\" aria-label=\"").append(esc(c.y()))
                .append(" by ").append(esc(String.join(" ", c.x()))).append(" and ").append(esc(c.series())).append("\">\n");
        int base = HEIGHT - BOTTOM;
        sb.append(line(LEFT, TOP, LEFT, base)).append(line(LEFT, base, WIDTH - 20, base));
        for (int tick = 0; tick <= 4; tick++) {
            double v = max * tick / 4;
            double y = base - v * scale;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    max >= 40 ? String.valueOf(Math.round(v)) : number(v)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                (TOP + base) / 2, (TOP + base) / 2, esc(c.y())));
        int i = 0;
        for (Map.Entry<String, Map<String, Double>> bar : bars.entrySet()) {
            double x = LEFT + i * slot + slot * 0.1;
            double width = slot * 0.8;
            double top = base;
            double each = grouped ? width / Math.max(1, seriesList.size()) : width;
            for (int k = 0; k < seriesList.size(); k++) {
                String s = seriesList.get(k);
                double value = bar.getValue().getOrDefault(s, 0.0);
                if (value <= 0) {
                    continue;
                }
                double h = value * scale;
                double y = grouped ? base - h : (top -= h);
                double left = grouped ? x + k * each : x;
                sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\""
                                + " data-x=\"%s\" data-series=\"%s\" data-value=\"%s\"><title>%s, %s: %s</title></rect>%n", left, y, each, h,
                        COLORS[k % COLORS.length], esc(bar.getKey()), esc(s), number(value), esc(bar.getKey()),
                        esc(s), number(value)));
            }
            if (bars.size() <= 48 || i % Math.max(1, bars.size() / 24) == 0) {
                double cx = x + width / 2;
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(45 %.1f %d)\">%s</text>%n", cx, base + 12,
                        cx, base + 12, esc(bar.getKey())));
            }
            i++;
        }
        for (int s = 0; s < seriesList.size(); s++) {
            int lx = LEFT + (s % 4) * 200;
            int ly = HEIGHT + 4 + (s / 4) * 20;
            sb.append(String.format(Locale.ROOT, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, COLORS[s % COLORS.length], lx + 18, ly + 10, esc(seriesList.get(s))));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"#333\"/>\n";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

package org.activityloader.report;

import static org.activityloader.report.HtmlPage.esc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A report's chart as inline SVG bars: one slot per value of the x columns, one bar per series value,
 * stacked (parts of one whole) or side by side (measures that do not add up), of height proportional
 * to y, with axis labels and a legend. Each bar carries {@code data-x}, {@code data-series} and
 * {@code data-value}, so a browser test can read the chart.
 */
final class BarChart {
    private static final String[] COLORS = {"#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7"};
    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int BOTTOM = 90;
    private static final int TOP = 20;
    private static final int BASE = HEIGHT - BOTTOM;

    /**
     * What is drawn: per slot (the x columns' values, in the order they came), per series value, y summed.
     *
     * @param series every series value, in the order they came
     */
    record Slots(Map<String, Map<String, Double>> values, List<String> series) {
        /** The tallest slot's height in y: its largest bar side by side, its bars' sum stacked. */
        double max(boolean grouped) {
            return values.values().stream().mapToDouble(m -> grouped ? m.values().stream().mapToDouble(Double::doubleValue).max().orElse(0)
                    : m.values().stream().mapToDouble(Double::doubleValue).sum()).max().orElse(0);
        }
    }

    private final Report.Chart chart;
    private final Slots slots;
    private final boolean grouped;
    private final double max;
    private final double scale;
    private final StringBuilder sb = new StringBuilder();

    private BarChart(Report.Chart chart, Slots slots) {
        this.chart = chart;
        this.slots = slots;
        this.grouped = chart.kind() == Report.Chart.Kind.GROUPED_BARS;
        this.max = slots.max(grouped);
        this.scale = max <= 0 ? 0 : (HEIGHT - TOP - BOTTOM) / max;
    }

    /** The chart of the table's rows; a line saying why there is none when the table lacks its columns. */
    static String svg(Table t, Report.Chart c) {
        List<Integer> xCols = c.x().stream().map(t.columns()::indexOf).toList();
        int seriesCol = t.columns().indexOf(c.series());
        int yCol = t.columns().indexOf(c.y());
        if (xCols.contains(-1) || seriesCol < 0 || yCol < 0) {
            return "<p>(no chart: the report has no columns " + esc(String.join(", ", c.x())) + ", " + esc(c.series()) + ", "
                    + esc(c.y()) + ")</p>\n";
        }
        return new BarChart(c, slots(t, xCols, seriesCol, yCol)).draw();
    }

    /** The rows summed per slot and series; an hour column reads as {@code 05:00}, a y that is no number as 0. */
    static Slots slots(Table t, List<Integer> xCols, int seriesCol, int yCol) {
        Map<String, Map<String, Double>> values = new LinkedHashMap<>();
        Set<String> series = new LinkedHashSet<>();
        for (List<Object> row : t.rows()) {
            List<String> parts = new ArrayList<>();
            xCols.forEach(i -> parts.add(t.columns().get(i).equals("hour") && row.get(i) instanceof Number n
                    ? String.format(Locale.ROOT, "%02d:00", n.intValue()) : ReportFormat.text(row.get(i))));
            String s = ReportFormat.text(row.get(seriesCol));
            series.add(s);
            double y = row.get(yCol) instanceof Number n ? n.doubleValue() : 0;
            values.computeIfAbsent(String.join(" ", parts), k -> new LinkedHashMap<>()).merge(s, y, Double::sum);
        }
        return new Slots(values, new ArrayList<>(series));
    }

    private String draw() {
        List<String> series = slots.series();
        sb.append("<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
                .append(HEIGHT + 20 * ((series.size() + 3) / 4)).append("\" role=\"img\" aria-label=\"").append(esc(chart.y()))
                .append(" by ").append(esc(String.join(" ", chart.x()))).append(" and ").append(esc(chart.series())).append("\">\n");
        axes();
        int plotWidth = WIDTH - LEFT - 20;
        double slot = slots.values().isEmpty() ? plotWidth : (double) plotWidth / slots.values().size();
        int i = 0;
        for (Map.Entry<String, Map<String, Double>> bar : slots.values().entrySet()) {
            slot(i++, slot, bar.getKey(), bar.getValue());
        }
        legend();
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** The y axis with five ticks and the y column's name, the x axis. */
    private void axes() {
        sb.append(line(LEFT, TOP, LEFT, BASE)).append(line(LEFT, BASE, WIDTH - 20, BASE));
        for (int tick = 0; tick <= 4; tick++) {
            double v = max * tick / 4;
            double y = BASE - v * scale;
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4,
                    max >= 40 ? String.valueOf(Math.round(v)) : number(v)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                (TOP + BASE) / 2, (TOP + BASE) / 2, esc(chart.y())));
    }

    /** The i-th slot's bars, and its label (every one up to 48 slots, about 24 of more). */
    private void slot(int i, double slot, String label, Map<String, Double> values) {
        List<String> series = slots.series();
        double x = LEFT + i * slot + slot * 0.1;
        double width = slot * 0.8;
        double top = BASE;
        double each = grouped ? width / Math.max(1, series.size()) : width;
        for (int k = 0; k < series.size(); k++) {
            String s = series.get(k);
            double value = values.getOrDefault(s, 0.0);
            if (value <= 0) {
                continue;
            }
            double h = value * scale;
            double y = grouped ? BASE - h : (top -= h);
            double left = grouped ? x + k * each : x;
            sb.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\""
                            + " data-x=\"%s\" data-series=\"%s\" data-value=\"%s\"><title>%s, %s: %s</title></rect>%n", left, y, each, h,
                    COLORS[k % COLORS.length], esc(label), esc(s), number(value), esc(label),
                    esc(s), number(value)));
        }
        int count = slots.values().size();
        if (count <= 48 || i % Math.max(1, count / 24) == 0) {
            double cx = x + width / 2;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" transform=\"rotate(45 %.1f %d)\">%s</text>%n", cx, BASE + 12,
                    cx, BASE + 12, esc(label)));
        }
    }

    private void legend() {
        List<String> series = slots.series();
        for (int s = 0; s < series.size(); s++) {
            int lx = LEFT + (s % 4) * 200;
            int ly = HEIGHT + 4 + (s / 4) * 20;
            sb.append(String.format(Locale.ROOT, "<rect class=\"legend\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, COLORS[s % COLORS.length], lx + 18, ly + 10, esc(series.get(s))));
        }
    }

    private static String line(int x1, int y1, int x2, int y2) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"#333\"/>\n";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%d", (long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}

package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Rows as an aligned text table, streamed: the first {@value #MEASURED} rows are held to measure
 * the columns, later rows are printed as they come (a wider value widens its column from there
 * on), then the row count. A header line, if any, comes first.
 */
final class TextTable implements RowWriter {
    static final int MEASURED = 1000;

    private final Appendable out;
    private final String header;
    private List<String> columns = List.of();
    private int[] width = new int[0];
    private final List<List<String>> held = new ArrayList<>();
    private boolean measured;
    private long rows;

    TextTable(Appendable out, String header) {
        this.out = out;
        this.header = header;
    }

    @Override
    public void columns(List<String> names) {
        columns = List.copyOf(names);
        width = new int[names.size()];
        for (int c = 0; c < names.size(); c++) {
            width[c] = names.get(c).length();
        }
    }

    @Override
    public void row(List<Object> values) {
        List<String> line = new ArrayList<>(values.size());
        for (int c = 0; c < columns.size(); c++) {
            String s = oneLine(ReportFormat.text(values.get(c)));
            width[c] = Math.max(width[c], s.length());
            line.add(s);
        }
        rows++;
        if (measured) {
            print(line);
            return;
        }
        held.add(line);
        if (held.size() >= MEASURED) {
            flushHeld();
        }
    }

    @Override
    public void end() {
        if (!measured) {
            flushHeld();
        }
        append("(" + rows + (rows == 1 ? " row)" : " rows)") + System.lineSeparator());
    }

    private void flushHeld() {
        measured = true;
        if (!header.isEmpty()) {
            append(header + System.lineSeparator());
        }
        print(columns);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        print(rule);
        held.forEach(this::print);
        held.clear();
    }

    private void print(List<String> values) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            sb.append(c == 0 ? "" : "  ").append(v);
            if (c < values.size() - 1) {
                sb.append(" ".repeat(Math.max(0, width[c] - v.length())));
            }
        }
        append(sb.toString().stripTrailing() + System.lineSeparator());
    }

    /** A value with a line break would break the table's lines. */
    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r", "\\r").replace("\n", "\\n");
    }

    private void append(String s) {
        try {
            out.append(s);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

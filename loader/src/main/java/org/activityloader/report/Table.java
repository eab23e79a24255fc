package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;

/** The rows of a query, printable as an aligned text table. */
public record Table(List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> (List<Object>) new ArrayList<>(r)).toList();
    }

    public String format() {
        int[] width = new int[columns.size()];
        List<List<String>> cells = new ArrayList<>();
        for (int c = 0; c < columns.size(); c++) {
            width[c] = columns.get(c).length();
        }
        for (List<Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (int c = 0; c < columns.size(); c++) {
                String s = row.get(c) == null ? "" : String.valueOf(row.get(c));
                width[c] = Math.max(width[c], s.length());
                line.add(s);
            }
            cells.add(line);
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, columns, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        appendLine(sb, rule, width);
        for (List<String> line : cells) {
            appendLine(sb, line, width);
        }
        sb.append("(").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append(System.lineSeparator());
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, List<String> values, int[] width) {
        for (int c = 0; c < values.size(); c++) {
            String v = values.get(c);
            sb.append(c == 0 ? "" : "  ").append(v).append(" ".repeat(width[c] - v.length()));
        }
        sb.append(System.lineSeparator());
    }
}

package org.activityloader.report;

import java.util.ArrayList;
import java.util.List;

/** The rows of a small query (status, a demo's summary), printable as an aligned text table. */
public record Table(List<String> columns, List<List<Object>> rows) {
    public Table {
        columns = List.copyOf(columns);
        rows = rows.stream().map(r -> (List<Object>) new ArrayList<>(r)).toList();
    }

    public String format() {
        StringBuilder sb = new StringBuilder();
        TextTable text = new TextTable(sb, "");
        text.columns(columns);
        rows.forEach(text::row);
        text.end();
        return sb.toString();
    }

    /** Collects rows written to it (for results known to be small). */
    static final class Collector implements RowWriter {
        private List<String> columns = List.of();
        private final List<List<Object>> rows = new ArrayList<>();

        @Override
        public void columns(List<String> names) {
            columns = names;
        }

        @Override
        public void row(List<Object> values) {
            rows.add(values);
        }

        @Override
        public void end() {
            // nothing to close
        }

        Table table() {
            return new Table(columns, rows);
        }
    }
}

package org.activityloader.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A report's rows as text (a header and an aligned table), CSV (RFC 4180), JSON (metadata and
 * rows) or one self-contained HTML page ({@link HtmlPage}), written as the rows are read. Nothing in
 * them depends on when they were made, so that the same report at the same catalog version gives
 * the same bytes.
 */
public enum ReportFormat {
    TABLE, CSV, JSON, HTML;

    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    public static ReportFormat of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** A writer of the rows of the report (or query) in this format, to {@code out}. */
    public RowWriter writer(ReportResult r, Writer out) throws IOException {
        return switch (this) {
            case TABLE -> new TextTable(out, header(r));
            case CSV -> new Csv(out);
            case JSON -> new Json(r, out);
            case HTML -> new HtmlPage(r, out);
        };
    }

    /** Rows already held (a small result) as text in this format. */
    public String render(ReportResult r, Table table) {
        java.io.StringWriter out = new java.io.StringWriter();
        try {
            RowWriter w = writer(r, out);
            w.columns(table.columns());
            for (List<Object> row : table.rows()) {
                w.row(row);
            }
            w.end();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    /** What the rows were read from, in one line. */
    static String header(ReportResult r) {
        StringBuilder sb = new StringBuilder("report ").append(r.report()).append(" of job ").append(r.job())
                .append(" at catalog version ").append(r.catalogVersion());
        r.openFrom().ifPresent(t -> sb.append("; hours from ").append(t).append(" on may still receive data"));
        return sb.toString();
    }

    /** A value as the text formats show it. */
    static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }

    private static final class Csv implements RowWriter {
        private final Writer out;

        Csv(Writer out) {
            this.out = out;
        }

        @Override
        public void columns(List<String> names) throws IOException {
            line(names.stream().map(n -> (Object) n).toList());
        }

        @Override
        public void row(List<Object> values) throws IOException {
            line(values);
        }

        @Override
        public void end() throws IOException {
            out.flush();
        }

        private void line(List<Object> values) throws IOException {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(text(values.get(i))));
            }
            out.write("\r\n");
        }

        private static String cell(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }
    }

    /** {"report", "job", "catalog_version", "open_from", "parameters", "columns", "rows": [[...], ...]}, indented. */
    private static final class Json implements RowWriter {
        private final JsonGenerator g;

        Json(ReportResult r, Writer out) throws IOException {
            g = JSON_FACTORY.createGenerator(out).useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("report", r.report());
            g.writeStringField("job", r.job());
            g.writeNumberField("catalog_version", r.catalogVersion());
            g.writeStringField("open_from", r.openFrom().map(Instant::toString).orElse(null));
            g.writeObjectFieldStart("parameters");
            for (var e : r.params().entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        }

        @Override
        public void columns(List<String> names) throws IOException {
            g.writeArrayFieldStart("columns");
            for (String n : names) {
                g.writeString(n);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("rows");
        }

        @Override
        public void row(List<Object> values) throws IOException {
            g.writeStartArray();
            for (Object v : values) {
                if (v == null) {
                    g.writeNull();
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
                    g.writeNumber(((Number) v).longValue());
                } else if (v instanceof java.math.BigInteger b) {
                    g.writeNumber(b);
                } else if (v instanceof BigDecimal b) {
                    g.writeNumber(b);
                } else if (v instanceof Number n) {
                    g.writeNumber(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    g.writeBoolean(b);
                } else {
                    g.writeString(text(v));
                }
            }
            g.writeEndArray();
        }

        @Override
        public void end() throws IOException {
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw(System.lineSeparator());
            g.flush();
        }
    }
}

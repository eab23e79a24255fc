package org.activityloader.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A report's result as text (a header and an aligned table), CSV (RFC 4180), JSON (metadata and
 * rows) or one self-contained HTML page ({@link HtmlPage}). Nothing in them depends on when they
 * were made, so that the same report at the same catalog version gives the same bytes.
 */
public enum ReportFormat {
    TABLE, CSV, JSON, HTML;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static ReportFormat of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    public String render(ReportResult r) {
        return switch (this) {
            case TABLE -> header(r) + System.lineSeparator() + r.table().format();
            case CSV -> csv(r.table());
            case JSON -> json(r);
            case HTML -> HtmlPage.of(r);
        };
    }

    /** What the rows were read from, in one line. */
    static String header(ReportResult r) {
        StringBuilder sb = new StringBuilder("report ").append(r.report()).append(" of job ").append(r.job())
                .append(" at catalog version ").append(r.catalogVersion());
        r.openFrom().ifPresent(t -> sb.append("; hours from ").append(t).append(" on may still receive data"));
        return sb.toString();
    }

    private static String csv(Table t) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", t.columns().stream().map(ReportFormat::csvCell).toList())).append("\r\n");
        for (List<Object> row : t.rows()) {
            sb.append(String.join(",", row.stream().map(v -> csvCell(text(v))).toList())).append("\r\n");
        }
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String json(ReportResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("report", r.report());
        root.put("job", r.job());
        root.put("catalog_version", r.catalogVersion());
        root.put("open_from", r.openFrom().map(Instant::toString).orElse(null));
        ObjectNode params = root.putObject("parameters");
        r.params().forEach(params::put);
        ArrayNode columns = root.putArray("columns");
        r.table().columns().forEach(columns::add);
        ArrayNode rows = root.putArray("rows");
        for (List<Object> row : r.table().rows()) {
            ArrayNode a = rows.addArray();
            for (Object v : row) {
                if (v == null) {
                    a.addNull();
                } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
                    a.add(((Number) v).longValue());
                } else if (v instanceof java.math.BigInteger b) {
                    a.add(b);
                } else if (v instanceof BigDecimal b) {
                    a.add(b);
                } else if (v instanceof Number n) {
                    a.add(n.doubleValue());
                } else if (v instanceof Boolean b) {
                    a.add(b);
                } else {
                    a.add(text(v));
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(root) + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A value as the text formats show it. */
    static String text(Object v) {
        return v == null ? "" : String.valueOf(v);
    }
}

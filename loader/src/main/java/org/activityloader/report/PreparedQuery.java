package org.activityloader.report;

import java.io.IOException;

/**
 * A report or query ready to run: what it reads (known before its first row), and the work that
 * streams its rows to a {@link RowWriter}.
 */
public final class PreparedQuery {
    /** Runs the query, handing each row to the writer as it is read. */
    interface Rows {
        void into(RowWriter writer) throws IOException;
    }

    private final ReportResult heading;
    private final Rows rows;

    PreparedQuery(ReportResult heading, Rows rows) {
        this.heading = heading;
        this.rows = rows;
    }

    public ReportResult heading() {
        return heading;
    }

    /** Streams the rows to the writer, then ends it. */
    public void writeTo(RowWriter writer) throws IOException {
        rows.into(writer);
        writer.end();
    }

    /** The rows held in memory: for results known to be small (a demo's summary, a test). */
    public Table table() {
        Table.Collector collector = new Table.Collector();
        try {
            writeTo(collector);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return collector.table();
    }
}

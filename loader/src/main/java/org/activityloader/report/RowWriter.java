package org.activityloader.report;

import java.io.IOException;
import java.util.List;

/**
 * Where a query's rows go as they are read, so that a result of any size passes through in bounded
 * memory: the column names once, then each row, then the end.
 */
public interface RowWriter {
    void columns(List<String> names) throws IOException;

    void row(List<Object> values) throws IOException;

    void end() throws IOException;
}

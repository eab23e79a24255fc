package org.activityloader.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a query whose {@code IN (...)} list comes from the caller a chunk at a time: PostgreSQL takes
 * at most 32,767 parameters in a statement, and a job's files or runs grow past that in months.
 */
final class InChunks {
    private static final int SIZE = 1_000;

    private InChunks() {
    }

    static <T> List<T> query(List<String> values, Function<List<String>, List<T>> query) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < values.size(); i += SIZE) {
            out.addAll(query.apply(values.subList(i, Math.min(values.size(), i + SIZE))));
        }
        return out;
    }
}

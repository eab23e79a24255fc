package org.activityloader.catalog;

import java.sql.Types;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import org.activityloader.config.OutputFormat;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.argument.ArgumentFactory;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The Jdbi of a catalog: its DAOs, and the closed sets of values stored as text. */
final class CatalogJdbi {
    private CatalogJdbi() {
    }

    static Jdbi over(CatalogConnections connections) {
        Jdbi jdbi = Jdbi.create(connections);
        jdbi.installPlugin(new SqlObjectPlugin());
        stored(jdbi, RunState.class, RunState::value, RunState::of);              // 'running', 'published', ...
        stored(jdbi, FileState.class, FileState::value, FileState::of);           // 'live', 'replaced'
        stored(jdbi, HourState.class, HourState::value, HourState::of);           // 'open', 'complete', 'amended'
        stored(jdbi, OutputFormat.class, OutputFormat::extension, CatalogJdbi::format); // 'parquet', 'avro'
        return jdbi;
    }

    private static OutputFormat format(String stored) {
        return Arrays.stream(OutputFormat.values()).filter(f -> f.extension().equals(stored)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the catalog holds a file of an unknown format: " + stored));
    }

    /** Values of the type bound as, and read from, their text. */
    private static <E> void stored(Jdbi jdbi, Class<E> type, Function<E, String> text, Function<String, E> of) {
        jdbi.registerArgument((ArgumentFactory) (declared, value, config) -> {
            if (!type.isInstance(value) && !(value == null && declared == type)) {
                return Optional.empty();
            }
            Argument argument = value == null ? (position, statement, ctx) -> statement.setNull(position, Types.VARCHAR)
                    : (position, statement, ctx) -> statement.setString(position, text.apply(type.cast(value)));
            return Optional.of(argument);
        });
        jdbi.registerColumnMapper(type, (rs, column, ctx) -> {
            String value = rs.getString(column);
            return value == null ? null : of.apply(value);
        });
    }
}

package org.activityloader.report;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.OutputFormat;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.partition.FileNames;
import org.activityloader.write.Storage;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;

/**
 * An in-memory DuckDB with one view per activity type, and {@code activity} over all of them,
 * made from an exact list of files (those live at one catalog version: never a folder listing, so
 * staged, replaced and unknown files are never read). Then locked: file and network access only to
 * those files, no extensions, no configuration changes. A type without files gets an empty view
 * with its schema's columns, so that every report runs on any job.
 */
final class WarehouseViews implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HIVE = ", hive_partitioning = true, union_by_name = true, hive_types = {'date': DATE, 'hour': INTEGER}";

    private final Connection duck;
    private final LocalCopies copies;

    WarehouseViews(List<DataFileRow> files, Storage storage, ActivitySchemas schemas) throws SQLException {
        this.copies = LocalCopies.of(storage);
        try {
            this.duck = open(localPaths(files, storage, schemas), schemas);
        } catch (SQLException | RuntimeException | Error e) {
            copies.close();
            throw e;
        }
    }

    /** Where DuckDB reads each live file, by activity type (every type of the job, with files or not); refused if any is missing. */
    private Map<String, List<String>> localPaths(List<DataFileRow> files, Storage storage, ActivitySchemas schemas) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        Map<String, DataFileRow> rowAt = new HashMap<>();
        List<DataFileRow> missing = new ArrayList<>();
        for (ActivitySchema s : schemas.all()) {
            byType.put(s.activityType(), new ArrayList<>());
        }
        for (DataFileRow f : files) {
            if (f.fileFormat() != OutputFormat.PARQUET) {
                throw new IllegalStateException("warehouse reports read Parquet files; " + f.path() + " is " + f.fileFormat().extension()
                        + " (DuckDB reads Avro only through an extension it would have to download, which the loader never does)"
                        + "; if the job writes Parquet now, loader compact rewrites it in Parquet once its hour is complete");
            }
            if (f.vacuumedAt() != null) {
                throw new IllegalStateException(f.path() + ", live at this catalog version, was replaced and then deleted by vacuum"
                        + " at " + f.vacuumedAt() + "; report on a later version");
            }
            String where = whereNow(f, storage);
            if (f.lostAt() != null || !exists(storage, where)) {
                missing.add(f);
            }
            rowAt.put(where, f);
            byType.computeIfAbsent(f.activityType(), t -> new ArrayList<>()).add(where);
        }
        if (!missing.isEmpty()) {
            throw new MissingFilesException(missing);
        }
        try {
            byType.replaceAll((type, paths) -> paths.stream().map(copies::path).toList());
        } catch (LocalCopies.FileGoneException gone) { // moved out or vacuumed while copying: as if missing, retried
            throw new MissingFilesException(List.of(rowAt.get(gone.relative)));
        }
        return byType;
    }

    /** A DuckDB in memory with a view per type over its files, and {@code activity} over all, then locked. */
    private static Connection open(Map<String, List<String>> byType, ActivitySchemas schemas) throws SQLException {
        // Results stream in chunks as the caller reads them: an export larger than the heap passes through.
        java.util.Properties props = new java.util.Properties();
        props.setProperty("jdbc_stream_results", "true");
        Connection duck = DriverManager.getConnection("jdbc:duckdb:", props);
        try (Statement st = duck.createStatement()) {
            List<String> all = new ArrayList<>();
            List<String> selects = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : byType.entrySet()) {
                String view = "\"" + e.getKey() + "\"";
                if (e.getValue().isEmpty()) {
                    String empty = emptySelect(e.getKey(), schemas);
                    st.execute("CREATE VIEW " + view + " AS " + empty);
                    selects.add(empty);
                } else {
                    st.execute("CREATE VIEW " + view + " AS SELECT * FROM read_parquet(" + list(e.getValue()) + HIVE + ")");
                    all.addAll(e.getValue());
                }
            }
            st.execute(all.isEmpty() ? "CREATE VIEW activity AS " + String.join(" UNION ALL BY NAME ", selects)
                    : "CREATE VIEW activity AS SELECT * FROM read_parquet(" + list(all) + HIVE + ")");
            st.execute("SET allowed_paths = " + (all.isEmpty() ? "[]" : list(all)));
            st.execute("SET enable_external_access = false");
            st.execute("SET autoinstall_known_extensions = false");
            st.execute("SET autoload_known_extensions = false");
            st.execute("SET lock_configuration = true");
            return duck;
        } catch (SQLException e) {
            duck.close();
            throw e;
        }
    }

    /**
     * Where a file is now: in its folder, or, once a later backfill replaced it, in that backfill's
     * {@code _replaced/} folder (looked at on disk too: the move may have happened, the catalog's
     * note of it not yet).
     */
    private static String whereNow(DataFileRow f, Storage storage) {
        if (f.replacedByRun() == null) {
            return f.path();
        }
        String moved = FileNames.replaced(f.replacedByRun(), f.path());
        try {
            return f.movedOutAt() != null || !storage.exists(f.path()) && storage.exists(moved) ? moved : f.path();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot look for " + f.path() + ": " + e.getMessage(), e);
        }
    }

    private static boolean exists(Storage storage, String path) {
        try {
            return storage.exists(path);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot look for " + path + ": " + e.getMessage(), e);
        }
    }

    /** Files the catalog lists as live that are not in the warehouse: a query over them would leave out their records. */
    static final class MissingFilesException extends RuntimeException {
        MissingFilesException(List<DataFileRow> files) {
            super(files.size() + " live file(s) of the catalog version are missing from the warehouse (first: " + files.get(0).path()
                    + ", " + files.get(0).activityType() + " " + files.get(0).eventDate() + " hour " + files.get(0).eventHour()
                    + "); a result without their records would be wrong, so nothing is shown. `loader verify` lists them;"
                    + " `loader backfill` of their hours rebuilds them from Kafka");
        }
    }

    Connection connection() {
        return duck;
    }

    /**
     * Why DuckDB's own parser would not run the text as one query, if it would not: several
     * statements (DuckDB runs all but the last when it prepares the last), or one that is not a query.
     * {@code EXPLAIN [ANALYZE]} is judged by the query it explains.
     */
    Optional<String> notOneQuery(String sql) throws SQLException {
        String query = sql.strip().replaceFirst("(?is)^EXPLAIN\\s+(ANALY[SZ]E\\s+)?", "");
        try (PreparedStatement st = duck.prepareStatement("SELECT json_serialize_sql(?)")) {
            st.setString(1, query);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                JsonNode parsed = JSON.readTree(rs.getString(1));
                if (parsed.path("error").asBoolean()) {
                    return Optional.of("DuckDB does not read this as one query: " + parsed.path("error_message").asText()
                            .replace("Only SELECT statements can be serialized to json!", "a statement in it is not a query"));
                }
                int statements = parsed.path("statements").size();
                return statements == 1 ? Optional.empty()
                        : Optional.of("one query at a time: DuckDB reads " + statements + " statements in this text");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("DuckDB's parse of the query could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            duck.close();
        } finally {
            copies.close();
        }
    }

    /** No rows, the columns a file of the type would have (its schema's, and the partition columns). */
    private static String emptySelect(String type, ActivitySchemas schemas) {
        List<String> columns = new ArrayList<>();
        for (Schema.Field f : schemas.get(type).schema().getFields()) {
            columns.add("NULL::" + duckType(f.schema()) + " AS \"" + f.name() + "\"");
        }
        columns.add("'" + type + "' AS activity_type");
        columns.add("NULL::DATE AS \"date\"");
        columns.add("NULL::INTEGER AS \"hour\"");
        return "SELECT " + String.join(", ", columns) + " WHERE false";
    }

    private static String duckType(Schema s) {
        Schema t = s;
        if (t.getType() == Schema.Type.UNION) {
            t = t.getTypes().stream().filter(b -> b.getType() != Schema.Type.NULL).findFirst().orElse(t);
        }
        return switch (t.getType()) {
            case LONG -> t.getLogicalType() instanceof LogicalTypes.TimestampMillis ? "TIMESTAMPTZ" : "BIGINT";
            case INT -> "INTEGER";
            case DOUBLE -> "DOUBLE";
            case FLOAT -> "FLOAT";
            case BOOLEAN -> "BOOLEAN";
            default -> "VARCHAR";
        };
    }

    private static String list(List<String> paths) {
        List<String> quoted = new ArrayList<>();
        for (String p : paths) {
            quoted.add("'" + p.replace("'", "''") + "'");
        }
        return "[" + String.join(", ", quoted) + "]";
    }
}

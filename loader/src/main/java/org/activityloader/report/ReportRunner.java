package org.activityloader.report;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.catalog.FileDao;
import org.activityloader.write.Storage;
import org.jdbi.v3.core.Handle;

/**
 * Runs reports. Warehouse reports read only the files the catalog lists as live and published,
 * never a directory listing, so a half-written or uncommitted file is never counted.
 */
public final class ReportRunner {
    private final Catalog catalog;
    private final Storage storage;

    public ReportRunner(Catalog catalog, Storage storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    public Table run(Report report, String job) {
        return report.source() == Report.Source.CATALOG ? onCatalog(report, job) : onWarehouse(report, job);
    }

    private Table onCatalog(Report report, String job) {
        return catalog.read((Handle h) -> {
            List<Map<String, Object>> rows = h.createQuery(report.sql()).bind("job", job).mapToMap().list();
            List<String> columns = rows.isEmpty() ? List.of("(no rows)") : new ArrayList<>(rows.get(0).keySet());
            return new Table(columns, rows.stream().map(r -> (List<Object>) new ArrayList<>(r.values())).toList());
        });
    }

    private Table onWarehouse(Report report, String job) {
        List<DataFileRow> files = catalog.withDao(FileDao.class, d -> d.published(job));
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (DataFileRow f : files) {
            if (!f.fileFormat().equals("parquet")) {
                throw new IllegalStateException("warehouse reports read Parquet files; job " + job + " has "
                        + f.fileFormat() + " files (DuckDB's Avro reader is an extension it would have to download)");
            }
            byType.computeIfAbsent(f.activityType(), t -> new ArrayList<>()).add(localPath(f.path()));
        }
        if (!"file".equals(storage.rootUri().getScheme())) {
            throw new IllegalStateException("warehouse reports read local files; this warehouse is " + storage.rootUri());
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement()) {
            List<String> all = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : byType.entrySet()) {
                st.execute("CREATE VIEW \"" + e.getKey() + "\" AS SELECT * FROM " + readParquet(e.getValue()));
                all.addAll(e.getValue());
            }
            st.execute(all.isEmpty()
                    ? "CREATE VIEW activity AS SELECT NULL::VARCHAR AS activity_type, NULL::DATE AS \"date\", NULL::INTEGER AS \"hour\","
                            + " NULL::VARCHAR AS user_id, NULL::VARCHAR AS session_id WHERE false"
                    : "CREATE VIEW activity AS SELECT * FROM " + readParquet(all));
            try (ResultSet rs = st.executeQuery(report.sql())) {
                return table(rs);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("report " + report.name() + " failed: " + e.getMessage(), e);
        }
    }

    private static String readParquet(List<String> paths) {
        StringBuilder list = new StringBuilder("[");
        for (int i = 0; i < paths.size(); i++) {
            list.append(i == 0 ? "" : ", ").append('\'').append(paths.get(i).replace("'", "''")).append('\'');
        }
        list.append(']');
        return "read_parquet(" + list + ", hive_partitioning = true, union_by_name = true,"
                + " hive_types = {'date': DATE, 'hour': INTEGER})";
    }

    private String localPath(String relative) {
        return java.nio.file.Path.of(storage.fileSystem().makeQualified(storage.resolve(relative)).toUri()).toString();
    }

    static Table table(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int c = 1; c <= md.getColumnCount(); c++) {
            columns.add(md.getColumnLabel(c));
        }
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
            List<Object> row = new ArrayList<>();
            for (int c = 1; c <= columns.size(); c++) {
                row.add(rs.getObject(c));
            }
            rows.add(row);
        }
        return new Table(columns, rows);
    }
}

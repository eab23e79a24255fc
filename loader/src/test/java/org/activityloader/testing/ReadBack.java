package org.activityloader.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.embedded.TrafficGenerator;
import org.activityloader.embedded.TrafficGenerator.Hour;

/** What the published Parquet files of a job hold, read with DuckDB (independent of the loader's own reader). */
public record ReadBack(Map<String, Integer> eventIdCounts, Map<Hour, Long> byHour, long rows) {

    public static ReadBack of(Catalog catalog, Path warehouse, String job) throws SQLException {
        List<DataFileRow> files = catalog.manifest().published(job);
        Map<String, Integer> ids = new HashMap<>();
        Map<Hour, Long> hours = new HashMap<>();
        long rows = 0;
        if (files.isEmpty()) {
            return new ReadBack(ids, hours, 0);
        }
        String list = fileList(files, warehouse);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id, activity_type, \"date\", \"hour\" FROM read_parquet(" + list
                     + ", hive_partitioning = true, union_by_name = true, hive_types = {'date': DATE, 'hour': INTEGER})")) {
            while (rs.next()) {
                rows++;
                ids.merge(rs.getString(1), 1, Integer::sum);
                hours.merge(new Hour(rs.getString(2), rs.getObject(3, LocalDate.class), rs.getInt(4)), 1L, Long::sum);
            }
        }
        return new ReadBack(ids, hours, rows);
    }

    /**
     * Rows, distinct event ids and the sum of {@link TrafficGenerator#idDigest} over the rows' ids in
     * the published files, read with DuckDB without keeping the ids.
     */
    public record Totals(long rows, long distinctIds, long idDigest) {
    }

    public static Totals totals(Catalog catalog, Path warehouse, String job) throws SQLException {
        List<DataFileRow> files = catalog.manifest().published(job);
        if (files.isEmpty()) {
            return new Totals(0, 0, 0);
        }
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement()) {
            long digest = 0;
            try (ResultSet ids = st.executeQuery("SELECT event_id FROM read_parquet(" + fileList(files, warehouse) + ")")) {
                while (ids.next()) {
                    digest += TrafficGenerator.idDigest(ids.getString(1));
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT event_id) FROM read_parquet("
                    + fileList(files, warehouse) + ")")) {
                rs.next();
                return new Totals(rs.getLong(1), rs.getLong(2), digest);
            }
        }
    }

    private static String fileList(List<DataFileRow> files, Path warehouse) {
        StringBuilder list = new StringBuilder("[");
        for (DataFileRow f : files) {
            list.append(list.length() > 1 ? "," : "").append('\'').append(warehouse.resolve(f.path())).append('\'');
        }
        return list.append(']').toString();
    }

    public long duplicates() {
        return eventIdCounts.values().stream().filter(n -> n > 1).count();
    }

    /** Every good event produced, each once, in the hour it belongs to; nothing else. */
    public void assertExactlyOnce(TrafficGenerator.Traffic produced) {
        org.assertj.core.api.Assertions.assertThat(duplicates()).as("events read back twice").isZero();
        org.assertj.core.api.Assertions.assertThat(rows).isEqualTo(produced.good());
        org.assertj.core.api.Assertions.assertThat(eventIdCounts.keySet()).isEqualTo(new java.util.HashSet<>(produced.eventIds()));
        org.assertj.core.api.Assertions.assertThat(byHour).isEqualTo(produced.goodByHour());
    }
}

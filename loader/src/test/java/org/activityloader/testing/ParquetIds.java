package org.activityloader.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The event ids in Parquet files, read with DuckDB: a reader independent of the loader's own. */
public final class ParquetIds {
    private ParquetIds() {
    }

    public static List<String> of(Path file) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
             Statement st = duck.createStatement();
             ResultSet rs = st.executeQuery("SELECT event_id FROM read_parquet('" + file.toString().replace("'", "''") + "')")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}

package org.activityloader.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.config.CatalogSpec;
import org.activityloader.testing.TestCatalogs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalog migration killed inside an H2 {@code ALTER TABLE} (found by the crash soak: H2 copies
 * the table, drops it, renames the copy): the next open puts the table back from its copy (its
 * indexes renamed back), or drops an empty copy, then runs the migration again; a table that only
 * looks like a copy (an operator's backup with rows, a table not the catalog's) is left alone. The
 * states a kill leaves are made by hand on a migrated catalog whose last migrations are marked not applied.
 */
class H2CopyRepairIT {
    @Test
    void aTableLeftAsItsCopyIsPutBackAndAnEmptyCopyIsDropped(@TempDir Path dir) throws Exception {
        CatalogSpec spec = TestCatalogs.h2(dir);
        Catalog.open(spec).close();
        String url = "jdbc:h2:file:" + dir.resolve("catalog");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            st.execute("INSERT INTO offset_reset (job, topic, kafka_partition, epoch, old_next_offset, new_next_offset, reset_at,"
                    + " reason) VALUES ('j', 'clicks', 0, 1, 10, 0, CURRENT_TIMESTAMP, 'topic recreated')");
            st.execute("INSERT INTO job_check (job, checked_at) VALUES ('j', CURRENT_TIMESTAMP)");
            // Not H2's: an operator's backup (it holds rows) and a table that is not the catalog's.
            st.execute("CREATE TABLE JOB_CHECK_COPY_2024_06 AS SELECT * FROM job_check");
            st.execute("CREATE TABLE MY_NOTES_COPY_1_2 (note VARCHAR(100))");
            // Killed between dropping offset_reset and renaming its copy (whose indexes still carry its name);
            // and killed while copying data_file.
            st.execute("ALTER TABLE offset_reset RENAME TO OFFSET_RESET_COPY_3_7");
            st.execute("CREATE INDEX OFFSET_RESET_COPY_3_7_BY_REASON ON OFFSET_RESET_COPY_3_7 (reason)");
            st.execute("CREATE TABLE DATA_FILE_COPY_3_8 AS SELECT * FROM data_file WHERE 1 = 0");
            st.execute("DELETE FROM \"flyway_schema_history\" WHERE \"version\" IN ('8', '9', '10')"); // killed in V8
        }

        Catalog.open(spec).close();

        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement st = c.createStatement()) {
            assertThat(tables(st)).contains("OFFSET_RESET", "DATA_FILE", "JOB_CHECK_COPY_2024_06", "MY_NOTES_COPY_1_2")
                    .doesNotContain("OFFSET_RESET_COPY_3_7", "DATA_FILE_COPY_3_8");
            try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'BY_REASON'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the copy's index has its own name back").isEqualTo(1);
            }
            try (ResultSet rs = st.executeQuery("SELECT reason, forced FROM offset_reset")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).as("the row is back with its table").isEqualTo("topic recreated");
                assertThat(rs.getBoolean(2)).as("V8 ran again: its column is there").isFalse();
            }
            try (ResultSet rs = st.executeQuery("SELECT \"success\" FROM \"flyway_schema_history\" WHERE \"version\" = '8'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    private static List<String> tables(Statement st) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}

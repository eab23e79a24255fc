package org.activityloader.report;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.activityloader.catalog.Catalog;
import org.activityloader.catalog.DataFileRow;
import org.activityloader.config.JobSpec;
import org.activityloader.decode.ActivitySchemas;
import org.activityloader.decode.ActivitySchemas.ActivitySchema;
import org.activityloader.write.Storage;

/**
 * Event ids that occur more than once in one hour of the files live now: a producer retrying
 * without idempotence does that, and so does an offset reset forced on a topic that was not
 * recreated. Read with DuckDB over the Parquet files of the newest readable catalog version, for
 * the activity types whose schema has an {@code event_id} field. A warning, not a finding: the
 * loader stored what Kafka held, once.
 */
public final class DuplicateEvents {
    static final String EVENT_ID = "event_id";

    private final Catalog catalog;
    private final Storage storage;

    public DuplicateEvents(Catalog catalog, Storage storage) {
        this.catalog = catalog;
        this.storage = storage;
    }

    /**
     * One line per hour holding an event id more than once; or one line saying why the check could not
     * run (files not local or not Parquet). Empty when every id is once in its hour.
     */
    public List<String> check(JobSpec spec) {
        long version = catalog.versions().readable(spec.name());
        List<DataFileRow> files = catalog.manifest().liveAt(spec.name(), version).stream()
                .filter(f -> f.lostAt() == null).toList();
        ActivitySchemas schemas = ActivitySchemas.of(spec);
        List<String> types = schemas.all().stream().filter(s -> s.schema().getField(EVENT_ID) != null)
                .map(ActivitySchema::activityType).filter(t -> files.stream().anyMatch(f -> f.activityType().equals(t))).toList();
        if (types.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (WarehouseViews views = new WarehouseViews(files, storage, schemas); Statement st = views.connection().createStatement()) {
            for (String type : types) {
                try (ResultSet rs = st.executeQuery("SELECT \"date\", \"hour\", COUNT(*) AS ids, SUM(n) - COUNT(*) AS extra FROM"
                        + " (SELECT \"date\", \"hour\", " + EVENT_ID + ", COUNT(*) AS n FROM \"" + type + "\" GROUP BY ALL"
                        + " HAVING COUNT(*) > 1) GROUP BY \"date\", \"hour\" ORDER BY 1, 2")) {
                    while (rs.next()) {
                        out.add(String.format("activity_type=%s/date=%s/hour=%02d holds %,d event id(s) more than once (%,d extra"
                                + " record(s))", type, rs.getString(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)));
                    }
                }
            }
        } catch (SQLException | IllegalStateException | WarehouseViews.MissingFilesException e) {
            return List.of("the check for event ids loaded twice did not run: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return out;
    }
}

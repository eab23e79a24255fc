package org.activityloader.catalog;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every schema data files were written with, keyed by fingerprint. */
interface SchemaDao {
    @SqlQuery("SELECT COUNT(*) FROM schema_version WHERE fingerprint = :fingerprint")
    int count(@Bind("fingerprint") String fingerprint);

    @SqlUpdate("INSERT INTO schema_version (fingerprint, activity_type, schema_json, first_run)"
            + " VALUES (:fingerprint, :type, :json, :run)")
    void insert(@Bind("fingerprint") String fingerprint, @Bind("type") String type, @Bind("json") String json,
                @Bind("run") String run);
}

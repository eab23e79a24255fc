package org.activityloader.catalog;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every schema data files were written with, keyed by fingerprint. */
@RegisterConstructorMapper(SchemaUse.class)
@RegisterConstructorMapper(SchemaVersion.class)
interface SchemaDao {
    @SqlQuery("SELECT activity_type, schema_fingerprint, event_date, event_hour, COUNT(*) AS files, SUM(record_count) AS records"
            + " FROM data_file WHERE job = :job AND state = 'live'"
            + " GROUP BY activity_type, schema_fingerprint, event_date, event_hour ORDER BY activity_type, event_date, event_hour")
    List<SchemaUse> liveUses(@Bind("job") String job);

    /** The versions the job's files (live or replaced) were written with, and when each was first used. */
    @SqlQuery("SELECT v.fingerprint, v.activity_type, v.schema_json, v.first_run, r.started_at AS first_used_at"
            + " FROM schema_version v LEFT JOIN load_run r ON r.run_id = v.first_run"
            + " WHERE v.fingerprint IN (SELECT DISTINCT schema_fingerprint FROM data_file WHERE job = :job)"
            + " ORDER BY v.activity_type, r.started_at")
    List<SchemaVersion> versionsOfJob(@Bind("job") String job);

    @SqlQuery("SELECT v.fingerprint, v.activity_type, v.schema_json, v.first_run, r.started_at AS first_used_at"
            + " FROM schema_version v LEFT JOIN load_run r ON r.run_id = v.first_run WHERE v.fingerprint = :fingerprint")
    List<SchemaVersion> find(@Bind("fingerprint") String fingerprint);

    @SqlQuery("SELECT COUNT(*) FROM schema_version WHERE fingerprint = :fingerprint")
    int count(@Bind("fingerprint") String fingerprint);

    @SqlUpdate("INSERT INTO schema_version (fingerprint, activity_type, schema_json, first_run)"
            + " VALUES (:fingerprint, :type, :json, :run)")
    void insert(@Bind("fingerprint") String fingerprint, @Bind("type") String type, @Bind("json") String json,
                @Bind("run") String run);
}

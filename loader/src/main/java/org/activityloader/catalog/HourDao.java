package org.activityloader.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Hour states (hour_state), their changes (hour_change) and the source partitions' watermarks (partition_watermark). */
@RegisterConstructorMapper(HourRow.class)
@RegisterConstructorMapper(HourChangeRow.class)
@RegisterConstructorMapper(HourFiles.class)
@RegisterConstructorMapper(WatermarkRow.class)
interface HourDao {
    @SqlQuery("SELECT * FROM hour_state WHERE job = :job ORDER BY event_date, event_hour, activity_type")
    List<HourRow> ofJob(@Bind("job") String job);

    @SqlQuery("SELECT * FROM hour_state WHERE job = :job AND (state = 'open' OR event_date BETWEEN :first AND :last)")
    List<HourRow> openOrOnDays(@Bind("job") String job, @Bind("first") LocalDate first, @Bind("last") LocalDate last);

    @SqlQuery("SELECT * FROM hour_state WHERE job = :job AND activity_type = :type AND event_date = :date AND event_hour = :hour")
    List<HourRow> find(@Bind("job") String job, @Bind("type") String type, @Bind("date") LocalDate date, @Bind("hour") int hour);

    @SqlQuery("SELECT * FROM hour_state WHERE job = :job AND state = 'open'")
    List<HourRow> open(@Bind("job") String job);

    @SqlBatch("INSERT INTO hour_state (job, activity_type, event_date, event_hour, state, opened_version, opened_at,"
            + " changed_version, changed_at, amendments, late_records) VALUES (:job, :activityType, :eventDate, :eventHour,"
            + " 'open', :openedVersion, :openedAt, :changedVersion, :changedAt, 0, 0)")
    void insertOpen(@BindMethods List<HourRow> hours);

    @SqlBatch("UPDATE hour_state SET state = 'complete', completed_version = :completedVersion, completed_at = :completedAt,"
            + " changed_version = :changedVersion, changed_at = :changedAt"
            + " WHERE job = :job AND activity_type = :activityType AND event_date = :eventDate AND event_hour = :eventHour"
            + " AND state = 'open'")
    int[] complete(@BindMethods List<HourRow> hours);

    @SqlBatch("UPDATE hour_state SET state = 'amended', amendments = amendments + 1, late_records = late_records + :lateRecords,"
            + " changed_version = :catalogVersion, changed_at = :changedAt"
            + " WHERE job = :job AND activity_type = :activityType AND event_date = :eventDate AND event_hour = :eventHour"
            + " AND state <> 'open'")
    int[] amend(@BindMethods List<HourChangeRow> changes);

    @SqlBatch("INSERT INTO hour_change (job, activity_type, event_date, event_hour, catalog_version, run_id, state, cause,"
            + " late_records, changed_at) VALUES (:job, :activityType, :eventDate, :eventHour, :catalogVersion, :runId, :state,"
            + " :cause, :lateRecords, :changedAt)")
    void insertChanges(@BindMethods List<HourChangeRow> changes);

    @SqlQuery("SELECT * FROM hour_change WHERE job = :job ORDER BY catalog_version, activity_type, event_date, event_hour")
    List<HourChangeRow> changesOfJob(@Bind("job") String job);

    @SqlQuery("SELECT c.* FROM hour_change c JOIN load_run r ON r.run_id = c.run_id"
            + " WHERE c.job = :job AND c.marker_written_at IS NULL AND r.status = 'published'"
            + " ORDER BY c.activity_type, c.event_date, c.event_hour, c.catalog_version")
    List<HourChangeRow> markersToWrite(@Bind("job") String job);

    @SqlQuery("SELECT * FROM hour_change WHERE job = :job AND marker_written_at IS NULL")
    List<HourChangeRow> unwrittenMarkers(@Bind("job") String job);

    @SqlBatch("UPDATE hour_change SET marker_written_at = :at WHERE job = :job AND activity_type = :activityType"
            + " AND event_date = :eventDate AND event_hour = :eventHour AND catalog_version = :catalogVersion")
    void markersWritten(@BindMethods List<HourChangeRow> changes, @Bind("at") Instant at);

    /** Hours where a committed run other than this one adds files or replaces some, and is not published yet. */
    @SqlQuery("SELECT f.activity_type, f.event_date, f.event_hour, COUNT(*) AS files, SUM(f.record_count) AS records"
            + " FROM data_file f JOIN load_run r ON (r.run_id = f.run_id AND f.state = 'live') OR r.run_id = f.replaced_by_run"
            + " WHERE f.job = :job AND r.status = 'committed' AND r.run_id <> :runId"
            + " GROUP BY f.activity_type, f.event_date, f.event_hour")
    List<HourFiles> withUnpublishedFiles(@Bind("job") String job, @Bind("runId") String runId);

    /** What a marker says: the hour's live files that are in its folder (their run published, not lost). */
    @SqlQuery("SELECT f.activity_type, f.event_date, f.event_hour, COUNT(*) AS files, SUM(f.record_count) AS records"
            + " FROM data_file f JOIN load_run r ON r.run_id = f.run_id"
            + " WHERE f.job = :job AND f.state = 'live' AND f.lost_at IS NULL AND r.status = 'published'"
            + " GROUP BY f.activity_type, f.event_date, f.event_hour")
    List<HourFiles> publishedFilesPerHour(@Bind("job") String job);

    @SqlQuery("SELECT f.activity_type, f.event_date, f.event_hour, COUNT(*) AS files, SUM(f.record_count) AS records"
            + " FROM data_file f JOIN load_run r ON r.run_id = f.run_id"
            + " WHERE f.job = :job AND f.state = 'live' AND f.lost_at IS NULL AND r.status = 'published'"
            + " AND f.activity_type = :type AND f.event_date = :date AND f.event_hour = :hour"
            + " GROUP BY f.activity_type, f.event_date, f.event_hour")
    List<HourFiles> publishedFilesOf(@Bind("job") String job, @Bind("type") String type, @Bind("date") LocalDate date,
                                     @Bind("hour") int hour);

    @SqlQuery("SELECT DISTINCT activity_type, event_date, event_hour, 0 AS files, 0 AS records FROM data_file"
            + " WHERE job = :job AND state = 'live' AND lost_at IS NOT NULL")
    List<HourFiles> hoursWithLostFiles(@Bind("job") String job);

    @SqlQuery("SELECT activity_type, event_date, event_hour, COUNT(*) AS files, SUM(record_count) AS records FROM data_file"
            + " WHERE job = :job AND state = 'live' AND lost_at IS NULL GROUP BY activity_type, event_date, event_hour")
    List<HourFiles> liveFilesPerHour(@Bind("job") String job);

    @SqlQuery("SELECT * FROM partition_watermark WHERE job = :job")
    List<WatermarkRow> watermarks(@Bind("job") String job);

    @SqlUpdate("INSERT INTO partition_watermark (job, topic, kafka_partition, watermark, catalog_version)"
            + " VALUES (:job, :topic, :kafkaPartition, :watermark, :catalogVersion)")
    void insertWatermark(@BindMethods WatermarkRow row);

    /** Only ever forward: 0 if it was already at or past the value (or is not there). */
    @SqlUpdate("UPDATE partition_watermark SET watermark = :watermark, catalog_version = :catalogVersion"
            + " WHERE job = :job AND topic = :topic AND kafka_partition = :kafkaPartition AND watermark < :watermark")
    int raiseWatermark(@BindMethods WatermarkRow row);
}

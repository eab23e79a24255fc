-- description: events that arrived after their hour was complete, per hour and the commit that brought them (each amended its hour)
-- source: catalog
SELECT c.activity_type, c.event_date, c.event_hour, c.catalog_version, c.run_id, c.changed_at AS arrived_at,
       c.late_records, h.completed_at,
       (SELECT COUNT(*) FROM hour_change a WHERE a.job = c.job AND a.activity_type = c.activity_type AND a.event_date = c.event_date
          AND a.event_hour = c.event_hour AND a.cause <> 'completed' AND a.catalog_version <= c.catalog_version) AS amendments_so_far
FROM hour_change c JOIN hour_state h ON h.job = c.job AND h.activity_type = c.activity_type AND h.event_date = c.event_date
                                    AND h.event_hour = c.event_hour
WHERE c.job = :job AND c.cause = 'late'
ORDER BY c.catalog_version, c.activity_type, c.event_date, c.event_hour

-- description: files and records loaded per activity type and hour, from the catalog's manifest (live, published files)
-- source: catalog
SELECT f.activity_type, f.event_date, f.event_hour,
       COUNT(*) AS files, SUM(f.record_count) AS records, SUM(f.byte_size) AS bytes
FROM data_file f
JOIN load_run r ON r.run_id = f.run_id
WHERE f.job = :job AND f.state = 'live' AND r.status = 'published'
GROUP BY f.activity_type, f.event_date, f.event_hour
ORDER BY f.activity_type, f.event_date, f.event_hour

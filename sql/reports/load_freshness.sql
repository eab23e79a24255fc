-- description: freshness per topic: offsets loaded, when it was last loaded, the newest event time in its live files (lag against Kafka: loader status)
-- source: catalog
SELECT o.topic, COUNT(*) AS partitions, SUM(o.next_offset) AS next_offsets, MAX(r.finished_at) AS last_loaded_at,
       (SELECT MAX(f.max_event_time) FROM file_source s JOIN data_file f ON f.path = s.path
        WHERE f.job = :job AND f.state = 'live' AND s.topic = o.topic) AS newest_event_time
FROM source_offset o LEFT JOIN load_run r ON r.run_id = o.updated_by_run
WHERE o.job = :job
GROUP BY o.topic
ORDER BY o.topic

-- description: search queries that found nothing, most frequent first
-- source: warehouse
-- param: limit = 20  how many queries
SELECT query, COUNT(*) AS searches, COUNT(DISTINCT session_id) AS sessions
FROM search
WHERE result_count = 0 AND event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY query
ORDER BY searches DESC, query
LIMIT CAST(:limit AS INTEGER)

-- description: the most viewed URLs with their sessions and median load time
-- source: warehouse
-- param: limit = 20  how many URLs
SELECT url, COUNT(*) AS views, COUNT(DISTINCT session_id) AS sessions, MEDIAN(load_time_ms) AS median_load_ms
FROM page_view
WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY url
ORDER BY views DESC, url
LIMIT CAST(:limit AS INTEGER)

-- description: the referring URLs that brought the most page views, with their sessions
-- source: warehouse
-- param: limit = 20  how many referrers
SELECT referrer, COUNT(*) AS page_views, COUNT(DISTINCT session_id) AS sessions
FROM page_view
WHERE referrer IS NOT NULL AND event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY referrer
ORDER BY page_views DESC, referrer
LIMIT CAST(:limit AS INTEGER)

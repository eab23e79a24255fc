-- source: warehouse
-- description: the 20 most viewed URLs with their visitors and median load time
SELECT url, COUNT(*) AS views, COUNT(DISTINCT session_id) AS sessions,
       MEDIAN(load_time_ms) AS median_load_ms
FROM page_view
GROUP BY url
ORDER BY views DESC
LIMIT 20

-- description: click-through rate by query: the share of searches followed by a click in the same session within the window
-- source: warehouse
-- param: window_minutes = 30  how long after a search a click counts for it
WITH s AS (
    SELECT event_id, session_id, query, event_time
    FROM search
    WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
), followed AS (
    SELECT s.event_id, COUNT(c.event_id) > 0 AS clicked
    FROM s LEFT JOIN click c ON c.session_id = s.session_id AND c.event_time >= s.event_time
        AND c.event_time <= s.event_time + to_minutes(CAST(:window_minutes AS BIGINT))
    GROUP BY s.event_id
)
SELECT s.query, COUNT(*) AS searches, SUM(CASE WHEN followed.clicked THEN 1 ELSE 0 END) AS searches_with_click,
       CAST(SUM(CASE WHEN followed.clicked THEN 1 ELSE 0 END) / COUNT(*) AS DECIMAL(10, 4)) AS click_through_rate
FROM s JOIN followed ON followed.event_id = s.event_id
GROUP BY s.query
ORDER BY searches DESC, s.query

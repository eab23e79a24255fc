-- description: the page_view, then search, then click funnel: sessions at each step, and their share of the first
-- source: warehouse
WITH pv AS (
    SELECT session_id, MIN(event_time) AS t FROM page_view
    WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
    GROUP BY session_id
), se AS (
    SELECT s.session_id, MIN(s.event_time) AS t FROM search s JOIN pv ON pv.session_id = s.session_id AND s.event_time >= pv.t
    WHERE s.event_time >= CAST(:from AS TIMESTAMPTZ) AND s.event_time < CAST(:to AS TIMESTAMPTZ)
    GROUP BY s.session_id
), cl AS (
    SELECT DISTINCT c.session_id FROM click c JOIN se ON se.session_id = c.session_id AND c.event_time >= se.t
    WHERE c.event_time >= CAST(:from AS TIMESTAMPTZ) AND c.event_time < CAST(:to AS TIMESTAMPTZ)
), steps AS (
    SELECT 1 AS step, 'page_view' AS stage, (SELECT COUNT(*) FROM pv) AS sessions
    UNION ALL SELECT 2, 'then search', (SELECT COUNT(*) FROM se)
    UNION ALL SELECT 3, 'then click', (SELECT COUNT(*) FROM cl)
)
SELECT step, stage, sessions,
       CAST(sessions / NULLIF((SELECT sessions FROM steps WHERE step = 1), 0) AS DECIMAL(10, 4)) AS share_of_first
FROM steps
ORDER BY step

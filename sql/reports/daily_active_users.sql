-- description: daily active users: distinct signed-in users and sessions per day, over every activity type
-- source: warehouse
-- chart: grouped_bars x=date series=measure y=value
SELECT "date", 'active_users' AS measure, COUNT(DISTINCT user_id) AS value
FROM activity
WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY "date"
UNION ALL
SELECT "date", 'sessions' AS measure, COUNT(DISTINCT session_id) AS value
FROM activity
WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY "date"
ORDER BY "date", measure

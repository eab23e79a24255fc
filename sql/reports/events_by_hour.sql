-- description: hourly volume: events and distinct users per activity type and hour, counted from the data files
-- source: warehouse
-- chart: stacked_bars x=date,hour series=activity_type y=events
SELECT activity_type, "date", "hour", COUNT(*) AS events, COUNT(DISTINCT user_id) AS users
FROM activity
WHERE event_time >= CAST(:from AS TIMESTAMPTZ) AND event_time < CAST(:to AS TIMESTAMPTZ)
GROUP BY ALL
ORDER BY ALL

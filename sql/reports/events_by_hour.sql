-- source: warehouse
-- description: events per activity type and hour, counted from the data files themselves
SELECT activity_type, "date", "hour", COUNT(*) AS events, COUNT(DISTINCT user_id) AS users
FROM activity
GROUP BY ALL
ORDER BY ALL

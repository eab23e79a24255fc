-- source: catalog
-- description: rejected records per topic and kind of problem
SELECT d.topic,
       CASE WHEN POSITION(':' IN d.reason) > 0 THEN SUBSTRING(d.reason FROM 1 FOR POSITION(':' IN d.reason) - 1)
            ELSE d.reason END AS problem,
       COUNT(*) AS records
FROM dead_letter d
JOIN load_run r ON r.run_id = d.run_id
WHERE d.job = :job AND r.status IN ('committed', 'published')
GROUP BY d.topic, CASE WHEN POSITION(':' IN d.reason) > 0 THEN SUBSTRING(d.reason FROM 1 FOR POSITION(':' IN d.reason) - 1)
                       ELSE d.reason END
ORDER BY d.topic, problem

-- description: rejected records per topic and kind of problem (not counting those a backfill resolved)
-- source: catalog
SELECT topic, problem, COUNT(*) AS records
FROM (SELECT d.topic, CASE WHEN POSITION(':' IN d.reason) > 0 THEN SUBSTRING(d.reason FROM 1 FOR POSITION(':' IN d.reason) - 1)
                           ELSE d.reason END AS problem
      FROM dead_letter d JOIN load_run r ON r.run_id = d.run_id
      WHERE d.job = :job AND r.status IN ('committed', 'published') AND d.resolved_by_run IS NULL) p
GROUP BY topic, problem
ORDER BY topic, problem

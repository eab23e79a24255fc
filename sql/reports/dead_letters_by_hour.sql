-- description: rejected records per kind of problem and the hour they were loaded in (not counting those a backfill resolved)
-- source: catalog
SELECT loaded_hour, problem, COUNT(*) AS records
FROM (SELECT DATE_TRUNC('HOUR', r.committed_at) AS loaded_hour,
             CASE WHEN POSITION(':' IN d.reason) > 0 THEN SUBSTRING(d.reason FROM 1 FOR POSITION(':' IN d.reason) - 1)
                  ELSE d.reason END AS problem
      FROM dead_letter d JOIN load_run r ON r.run_id = d.run_id
      WHERE d.job = :job AND r.status IN ('committed', 'published') AND d.resolved_by_run IS NULL) p
GROUP BY loaded_hour, problem
ORDER BY loaded_hour, problem

-- source: catalog
-- description: the job's runs, newest first, with their counts
SELECT run_id, status, started_at, finished_at, records_read, records_written, records_rejected,
       files_written, bytes_written, error
FROM load_run
WHERE job = :job
ORDER BY started_at DESC
LIMIT 50

-- description: the job's last runs, newest first: kind, outcome, counts, catalog version, error
-- source: catalog
-- param: limit = 50  how many runs
SELECT run_id, kind, status, started_at, finished_at, records_read, records_written, records_rejected,
       files_written, bytes_written, catalog_version, error
FROM load_run
WHERE job = :job
ORDER BY started_at DESC, run_id
LIMIT CAST(:limit AS INTEGER)

-- 007: staging for event-log rows, so a big log is not held in one open transaction.
--
-- One row of staged_attempt_records / staged_queue_only_jobs is one record parsed from an event
-- log, shaped like a row of attempt_records / queue_only_jobs, waiting for its ingest's final
-- transaction. Each parsed chunk is committed here on its own (DuckDB holds the rows of an open
-- transaction in memory: ~0.9 KB each, a 1 GB log grew the process by ~400 MB); the ingest's
-- one transaction then moves them with one INSERT ... SELECT and deletes them.
--
-- stage_token: the ingest call and file the rows belong to (expreport/ingest_eventlog.py);
--   rows of a token whose ingest failed or crashed are deleted by the failure path or by the
--   next ingest (only one process writes a database at a time, so any row found then is dead).
-- ingest_id: NULL while staged; the final transaction sets it.
-- Rows here are never read by a view: an ingest lands whole or not at all.
CREATE TABLE staged_attempt_records AS
    SELECT CAST(NULL AS VARCHAR) AS stage_token, * FROM attempt_records LIMIT 0;
CREATE TABLE staged_queue_only_jobs AS
    SELECT CAST(NULL AS VARCHAR) AS stage_token, * FROM queue_only_jobs LIMIT 0;

-- 006: per-row facts stored at ingest instead of derived on every scan of the attempts view:
-- row_outcome, row_waste_kind, row_run_key, row_stop_time, row_run_seconds (attempts.outcome,
-- waste_kind, run_key, stop_time, run_seconds; defined and kept up to date by
-- queries/ingest/store_row_facts.sql, run after every ingest into an experiment). Filled here
-- for the rows of an existing database with that step's expressions over every experiment (its
-- inputs, rescued included, are already stored), the stop_time_of / run_seconds_of macros
-- written out: the views and their macros are created after the migrations.
ALTER TABLE attempt_records ADD COLUMN row_outcome VARCHAR;
ALTER TABLE attempt_records ADD COLUMN row_waste_kind VARCHAR;
ALTER TABLE attempt_records ADD COLUMN row_run_key VARCHAR;
ALTER TABLE attempt_records ADD COLUMN row_stop_time TIMESTAMP;
ALTER TABLE attempt_records ADD COLUMN row_run_seconds DOUBLE;
UPDATE attempt_records AS r
SET row_outcome = f.o, row_waste_kind = f.k, row_run_key = f.rk, row_stop_time = f.sp,
    row_run_seconds = CASE WHEN f.sp >= f.st THEN epoch(f.sp - f.st) END
FROM (
    SELECT rid, o, rk, st, sp,
           CASE
               WHEN o IN ('success', 'checkpoint', 'running') THEN NULL
               WHEN lower(o) IN ('failed', 'evicted', 'aborted', 'unknown') THEN lower(o)
               WHEN lower(o) IN ('held', 'released') THEN 'held/released'
               WHEN lower(o) = 'rescued' THEN 'RESCUED'
               ELSE 'other'
           END AS k
    FROM (
        SELECT rowid AS rid,
               CASE
                   WHEN lower(trim(final_status)) = 'completed' OR coalesce(rescued, false) THEN 'success'
                   WHEN lower(trim(final_status)) = 'checkpointed' THEN 'checkpoint'
                   WHEN coalesce(trim(final_status), '') = '' AND running_until IS NOT NULL THEN 'running'
                   WHEN coalesce(trim(final_status), '') = '' THEN 'unknown'
                   ELSE trim(final_status)
               END AS o,
               coalesce(nullif(run_uuid, ''),
                        CASE WHEN run IS NOT NULL THEN coalesce(dag_source, '') || '/' || run END) AS rk,
               start_time AS st,
               coalesce(least(end_time, evicted_time, held_time, aborted_time), running_until) AS sp
        FROM attempt_records
    )
) f
WHERE r.rowid = f.rid
  AND (r.row_outcome IS DISTINCT FROM f.o OR r.row_waste_kind IS DISTINCT FROM f.k
       OR r.row_run_key IS DISTINCT FROM f.rk OR r.row_stop_time IS DISTINCT FROM f.sp
       OR r.row_run_seconds IS DISTINCT FROM CASE WHEN f.sp >= f.st THEN epoch(f.sp - f.st) END);

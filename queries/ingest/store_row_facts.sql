-- Per-row facts of one experiment ($experiment) that the attempts view reads instead of
-- deriving them again on every scan (queries/views/010_attempts.sql documents their meaning):
--   row_outcome     attempts.outcome: 'success' (Final Status completed, any case and spacing, or
--                   a rescued RESCUED row), 'checkpoint' (checkpointed), 'running' (blank status
--                   with running_until), 'unknown' (blank status), else the trimmed status
--   row_waste_kind  attempts.waste_kind: NULL for success, checkpoint and running; else failed /
--                   evicted / aborted / unknown / held/released / RESCUED / other
--   row_run_key     attempts.run_key: Run UUID when present, else DAG Source || '/' || run; NULL
--                   without a run
--   row_stop_time   attempts.stop_time: the earliest of End, Evicted, Held and Aborted Time, else
--                   running_until (stop_time_of macro, 000_helpers.sql)
--   row_run_seconds attempts.run_seconds: stop - Start Time in seconds, NULL when either is
--                   missing or the span is negative (run_seconds_of macro)
-- Inputs: final_status, running_until, run_uuid, dag_source, run, the start and stop times (set
-- by the insert of either source) and rescued (derive_flags.sql). Run after derive_flags.sql and merge_csv_facts.sql and
-- before derive_epochs.sql (which reads outcome and run_key through the attempts view), after
-- every ingest into the experiment; only changed rows are written (row_outcome is never NULL once
-- filled). The same expressions fill
-- existing databases in queries/schema/006_row_facts.sql.
UPDATE attempt_records AS r
SET row_outcome = f.o, row_waste_kind = f.k, row_run_key = f.rk, row_stop_time = f.sp,
    row_run_seconds = run_seconds_of(f.st, f.sp)
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
               coalesce(stop_time_of(end_time, evicted_time, held_time, aborted_time), running_until) AS sp
        FROM attempt_records
        WHERE experiment = $experiment
          -- rows not filled yet (this ingest's), and RESCUED rows, whose rescued flag
          -- derive_flags may have turned either way: no other step changes an input of an
          -- existing row (the others update resource, flags, credit and line numbers)
          AND (row_outcome IS NULL OR upper(trim(final_status)) = 'RESCUED')
    )
) f
WHERE r.rowid = f.rid
  AND (r.row_outcome IS DISTINCT FROM f.o OR r.row_waste_kind IS DISTINCT FROM f.k
       OR r.row_run_key IS DISTINCT FROM f.rk OR r.row_stop_time IS DISTINCT FROM f.sp
       OR r.row_run_seconds IS DISTINCT FROM run_seconds_of(f.st, f.sp));

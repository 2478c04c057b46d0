-- epochs: one row per completed epoch in scope: a distinct (experiment, training run, epoch)
-- whose first successful attempt (attempts.first_success) is in scope.
--
-- Derived columns:
--   resource            where the epoch is credited: the resource of its first successful
--                       attempt (earliest stop time; see queries/ingest/derive_epochs.sql)
--   gpu_model, gpus     GPU model and Number of GPUs of that first successful attempt (the
--                       model the epoch is credited to)
--   completed_at        stop time of that first successful attempt; day = its date
--   successful_attempts successful attempts of this epoch in scope (2+ = re-done)
--   epoch_completions   Sum of Epochs Completed over those attempts (1 each when the file
--                       has no such column)
--   redone              epoch_completions - 1: completions beyond the first
--   attempts            every attempt of this epoch's node in scope (any outcome, any resource,
--                       any DAG retry or cluster: the same experiment, run_key and epoch)
--   gpu_hours           the node cost: GPU-hours of all those attempts (evicted, failed,
--                       checkpointed and re-done ones included), i.e. what the epoch really cost;
--                       productive_gpu_hours of the success and checkpoint ones. Only attempts
--                       IN SCOPE are summed: with a date or resource filter, attempts of the
--                       node outside it are left out (each GPU-hour counts in the one window
--                       that holds its attempt; the epoch's credit never moves). Attempts without
--                       a run time (no stop event) add nothing: see attempts_without_run_time
--   attempts_without_run_time  attempts of the node in scope whose run time is not recorded
--   success_run_hours   run hours of the first successful attempt alone (how long the epoch's
--                       own successful attempt took; after a checkpoint it can be minutes)
--   success_gpu_hours   its GPU-hours (run hours x GPUs)
--   resources_used      distinct resources the epoch's attempts ran on (a list, not
--                       count(DISTINCT): DuckDB then drops the column when a query does not read it)
-- grain: experiment, run_key, epoch
-- cache: compare
CREATE OR REPLACE VIEW epochs AS
SELECT
    experiment,
    run_key,
    any_value(run) AS run,
    epoch,
    any_value(resource) FILTER (WHERE first_success) AS resource,
    any_value(gpu_model) FILTER (WHERE first_success) AS gpu_model,
    any_value(gpus) FILTER (WHERE first_success) AS gpus,
    any_value(stop_time) FILTER (WHERE first_success) AS completed_at,
    CAST(any_value(stop_time) FILTER (WHERE first_success) AS DATE) AS day,
    count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') AS epoch_completions,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') - 1 AS redone,
    count(*) AS attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    count(*) FILTER (WHERE run_seconds IS NULL) AS attempts_without_run_time,
    any_value(run_hours) FILTER (WHERE first_success) AS success_run_hours,
    any_value(gpu_hours) FILTER (WHERE first_success) AS success_gpu_hours,
    len(list_distinct(list(resource))) AS resources_used
FROM attempts
WHERE epoch IS NOT NULL
GROUP BY experiment, run_key, epoch
HAVING bool_or(first_success);

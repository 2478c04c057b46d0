-- epochs: one row per completed epoch in scope: a distinct (experiment, training run, epoch)
-- whose first successful attempt (attempts.first_success) is in scope.
--
-- Derived columns:
--   resource            where the epoch is credited: the resource of its first successful
--                       attempt (earliest stop time; see queries/ingest/derive_epochs.sql)
--   completed_at        stop time of that first successful attempt; day = its date
--   successful_attempts successful attempts of this epoch in scope (2+ = re-done)
--   epoch_completions   Sum of Epochs Completed over those attempts (1 each when the file
--                       has no such column)
--   redone              epoch_completions - 1: completions beyond the first
--   attempts            every attempt of this epoch in scope (any outcome, any resource)
--   gpu_hours           GPU-hours of all those attempts; productive_gpu_hours of the
--                       success and checkpoint ones
--   resources_used      distinct resources the epoch's attempts ran on
CREATE OR REPLACE VIEW epochs AS
SELECT
    experiment,
    run_key,
    any_value(run) AS run,
    epoch,
    any_value(resource) FILTER (WHERE first_success) AS resource,
    any_value(stop_time) FILTER (WHERE first_success) AS completed_at,
    CAST(any_value(stop_time) FILTER (WHERE first_success) AS DATE) AS day,
    count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') AS epoch_completions,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') - 1 AS redone,
    count(*) AS attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    count(DISTINCT resource) AS resources_used
FROM attempts
WHERE epoch IS NOT NULL
GROUP BY experiment, run_key, epoch
HAVING bool_or(first_success);

-- epochs: one row per completed epoch: a distinct (experiment, training run, epoch) with at
-- least one successful attempt in scope.
--
-- Derived columns:
--   resource            where the epoch is credited: the resource of its FIRST successful
--                       attempt (earliest stop_time, then Start Time, then source line)
--   completed_at        stop time of that first successful attempt
--   successful_attempts successful attempts of this epoch (2+ = the epoch was re-done)
--   epoch_completions   Sum of Epochs Completed over those attempts (1 each when the file
--                       has no such column)
--   redone              epoch_completions - 1: completions beyond the first
--   attempts            every attempt of this epoch (any outcome, any resource)
--   gpu_hours           GPU-hours of all those attempts; productive_gpu_hours of the
--                       success and checkpoint ones
--   resources_used      distinct resources the epoch's attempts ran on
CREATE OR REPLACE VIEW epochs AS
SELECT
    experiment,
    run_key,
    any_value(run) AS run,
    epoch,
    arg_min(resource, (coalesce(stop_time, start_time), start_time, ingest_id, source_line))
        FILTER (WHERE outcome = 'success') AS resource,
    min(stop_time) FILTER (WHERE outcome = 'success') AS completed_at,
    count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') AS epoch_completions,
    sum(epochs_completed) FILTER (WHERE outcome = 'success') - 1 AS redone,
    count(*) AS attempts,
    coalesce(sum(gpu_hours), 0) AS gpu_hours,
    coalesce(sum(gpu_hours) FILTER (WHERE productive), 0) AS productive_gpu_hours,
    count(DISTINCT resource) AS resources_used
FROM attempts
WHERE epoch IS NOT NULL
GROUP BY experiment, run_key, epoch
HAVING count(*) FILTER (WHERE outcome = 'success') > 0;

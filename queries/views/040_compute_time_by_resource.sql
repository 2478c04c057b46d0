-- compute_time_by_resource: one row per resource with attempts in scope.
--
-- Derived columns:
--   attempts               execution attempts
--   attempts_without_runtime  attempts whose run_seconds is unknown (no stop event, or a
--                          negative span): they add no hours anywhere
--   run_hours              sum of run_seconds / 3600 (wall hours of the slots, GPUs ignored)
--   gpu_hours              sum of run_seconds x GPUs / 3600
--   productive_gpu_hours   GPU-hours of success and checkpoint attempts (goodput)
--   wasted_gpu_hours       all other GPU-hours (badput); split into wasted_<kind>_gpu_hours
--                          by waste_kind (failed, evicted, aborted, held/released, RESCUED,
--                          unknown, other)
--   running_attempts, running_gpu_hours  attempts still running when their event log ended
--                          (outcome 'running') and their GPU-hours up to the log's end: in
--                          attempts and gpu_hours, in neither productive nor wasted
--   productive_pct         productive_gpu_hours / (gpu_hours - running_gpu_hours) x 100 (NULL
--                          without such GPU-hours)
--   median_hours_per_attempt  median run_hours of the attempts with a runtime
CREATE OR REPLACE VIEW compute_time_by_resource AS
SELECT
    resource,
    count(*) AS attempts,
    count(*) FILTER (WHERE run_seconds IS NULL) AS attempts_without_runtime,
    coalesce(sum(run_hours), 0) AS run_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'failed'), 0)) AS wasted_failed_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'evicted'), 0)) AS wasted_evicted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'aborted'), 0)) AS wasted_aborted_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'held/released'), 0)) AS wasted_held_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'RESCUED'), 0)) AS wasted_rescued_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'unknown'), 0)) AS wasted_unknown_gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'other'), 0)) AS wasted_other_gpu_hours,
    count(*) FILTER (WHERE outcome = 'running') AS running_attempts,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE outcome = 'running'), 0)) AS running_gpu_hours,
    100.0 * if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0))
        / nullif(sum(gpu_hours) FILTER (WHERE productive IS NOT NULL), 0) AS productive_pct,
    median(run_hours) AS median_hours_per_attempt
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

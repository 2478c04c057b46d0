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
-- The aggregates are computed once for all these views in summary_scan (025_summary_scan.sql).
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW compute_time_by_resource AS
SELECT resource, attempts, attempts_without_runtime, run_hours, gpu_hours, productive_gpu_hours,
    wasted_gpu_hours, wasted_failed_gpu_hours, wasted_evicted_gpu_hours, wasted_aborted_gpu_hours,
    wasted_held_gpu_hours, wasted_rescued_gpu_hours, wasted_unknown_gpu_hours, wasted_other_gpu_hours,
    running_attempts, running_gpu_hours, productive_pct, median_hours_per_attempt
FROM summary_scan
ORDER BY resource_rank(resource), resource;

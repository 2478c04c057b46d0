-- success_rates: one row per resource with attempts in scope: success by attempts and by hours.
--
-- Derived columns:
--   attempts              execution attempts
--   successful_attempts   attempts with outcome 'success' (Final Status completed)
--   checkpoint_attempts   attempts with outcome 'checkpoint' (productive, epoch not done)
--   attempt_success_pct   successful_attempts / attempts x 100
--   productive_attempt_pct (success + checkpoint) / attempts x 100
--   run_hours             sum of run hours (wall hours, GPUs ignored)
--   productive_run_hours  run hours of success and checkpoint attempts
--   productive_hours_pct  productive_run_hours / run hours of productive and wasted attempts x 100
--                         (attempts still running when their log ended are left out; NULL
--                         without run hours)
--   main_failure          the failure kind (waste_kind) with the most attempts; NULL when none failed
CREATE OR REPLACE VIEW success_rates AS
SELECT
    resource,
    count(*) AS attempts,
    count(*) FILTER (WHERE outcome = 'success') AS successful_attempts,
    count(*) FILTER (WHERE outcome = 'checkpoint') AS checkpoint_attempts,
    100.0 * count(*) FILTER (WHERE outcome = 'success') / count(*) AS attempt_success_pct,
    100.0 * count(*) FILTER (WHERE productive) / count(*) AS productive_attempt_pct,
    coalesce(sum(run_hours), 0) AS run_hours,
    coalesce(sum(run_hours) FILTER (WHERE productive), 0) AS productive_run_hours,
    100.0 * coalesce(sum(run_hours) FILTER (WHERE productive), 0)
        / nullif(sum(run_hours) FILTER (WHERE productive IS NOT NULL), 0) AS productive_hours_pct,
    mode(waste_kind) FILTER (WHERE waste_kind IS NOT NULL) AS main_failure
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

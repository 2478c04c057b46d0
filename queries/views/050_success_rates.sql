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
-- The aggregates are computed once for all these views in summary_scan (025_summary_scan.sql).
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW success_rates AS
SELECT resource, attempts, successful_attempts, checkpoint_attempts, attempt_success_pct,
    productive_attempt_pct, run_hours, productive_run_hours, productive_hours_pct, f.main_failure
FROM summary_scan
LEFT JOIN resource_main_failure f USING (resource)
ORDER BY resource_rank(resource), resource;

-- campaign_totals: one row: the headline numbers of everything in scope.
--
-- Derived columns:
--   first_start, last_stop   first Start Time and latest stop time of the attempts in scope
--                   (last_stop is NULL, not recorded, when no attempt has a stop time: a Start
--                   Time is never taken for a stop)
--   experiments     distinct experiments; runs = distinct training runs (run_key)
--   attempts        execution attempts
--   epochs          completed epochs (first successes in scope, as in the epochs view)
--   epoch_completions, redone_epochs   as in epochs_by_resource, over all resources
--   run_hours, gpu_hours, productive_gpu_hours, wasted_gpu_hours   as in compute_time_by_resource
--   running_attempts, running_gpu_hours  attempts still running when their event log ended
--                   and their GPU-hours up to its end (in attempts and gpu_hours; neither
--                   productive nor wasted)
--   productive_pct  productive / (productive + wasted) GPU-hours x 100 = productive / (all -
--                   running) GPU-hours: the campaign's goodput share
--   attempt_success_pct  successful attempts / attempts x 100
--   epochs_per_100_gpu_hours  epochs / GPU-hours x 100
--   gib_in, gib_out total input / output GiB
-- The sums are computed in campaign_scan (025_summary_scan.sql).
-- grain: (one row)
-- cache: report
CREATE OR REPLACE VIEW campaign_totals AS
WITH a AS (FROM campaign_scan)
SELECT
    a.first_start,
    a.last_stop,
    a.experiments,
    a.runs,
    a.attempts,
    a.epochs,
    a.epoch_completions,
    a.epoch_completions - a.epochs AS redone_epochs,
    a.run_hours,
    a.gpu_hours,
    a.productive_gpu_hours,
    a.wasted_gpu_hours,
    a.running_attempts,
    a.running_gpu_hours,
    productive_pct(a.productive_gpu_hours, a.productive_gpu_hours + a.wasted_gpu_hours) AS productive_pct,
    attempt_success_pct(a.successful_attempts, a.attempts) AS attempt_success_pct,
    epochs_per_100_gpu_hours(a.epochs, a.gpu_hours) AS epochs_per_100_gpu_hours,
    a.gib_in,
    a.gib_out
FROM a;

-- campaign_caveats: one row: what the headline numbers in scope rest on, said next to them (the
-- report's Campaign and GPUs sections, metrics.json group "caveats"), never silently.
--
-- Derived columns:
--   copied_gpu_attempts   attempts whose GPU model, count and memory the CSV generator copied
--                         across their HTCondor cluster (attempts.gpu_details_copied): their
--                         GPU-hours and GPU model may be wrong
--   copied_gpu_hours      their GPU-hours; copied_gpu_hours_pct = copied_gpu_hours / all GPU-hours
--                         x 100 (NULL when GPUs are not recorded)
--   rescued_attempts      RESCUED rows counted as completed work (attempts.rescued)
--   rescued_epochs        epochs whose first success is such a row: the epochs the RESCUED rule added
--   service_attempts      attempts of service jobs (service_attempts: DAG helpers, jobs on the
--                         access point), listed apart; service_run_hours their wall hours. They
--                         are in no total (attempts, hours, GPU-hours, waste, efficiency)
--   csv_only_attempts     CSV rows of an experiment that also holds event logs which the logs
--                         lack (attempts.merge_state 'csv only'): kept from the CSV
-- The attempt counts are computed in campaign_scan (025_summary_scan.sql), the service jobs'
-- from attempt_cells (024_attempt_cells.sql).
-- grain: (one row)
CREATE OR REPLACE VIEW campaign_caveats AS
WITH a AS (FROM campaign_scan),
s AS (
    SELECT coalesce(sum(n), 0)::BIGINT AS service_attempts, coalesce(sum(run_hours), 0) AS service_run_hours
    FROM attempt_cells WHERE service
)
SELECT
    a.copied_gpu_attempts,
    a.copied_gpu_hours,
    pct_of(a.copied_gpu_hours, a.gpu_hours_sum) AS copied_gpu_hours_pct,
    a.rescued_attempts,
    a.rescued_epochs,
    s.service_attempts,
    s.service_run_hours,
    a.csv_only_attempts
FROM a, s;

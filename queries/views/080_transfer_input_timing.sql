-- transfer_input_timing: one row per resource with attempts in scope: how long input
-- transfer took before execution, and how fast it went.
--
-- Derived columns:
--   timing_recorded       the source files can record input-transfer times (CSV v4+ or event log)
--   attempts_with_timing  attempts with an input-transfer duration
--   median_input_minutes, p90_input_minutes, max_input_minutes   of that duration / 60
--   attempts_with_rate    attempts where a throughput can be computed (attempts.input_mb_per_s)
--   median_input_mb_per_s median achieved throughput, MB (10^6 bytes) per second
--   input_hours           total input-transfer hours
-- The aggregates are computed once for all these views in summary_scan (025_summary_scan.sql).
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW transfer_input_timing AS
SELECT resource, timing_recorded, attempts_with_timing, median_input_minutes, p90_input_minutes,
    max_input_minutes, attempts_with_rate, median_input_mb_per_s, input_hours
FROM summary_scan
ORDER BY resource_rank(resource), resource;

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
CREATE OR REPLACE VIEW transfer_input_timing AS
SELECT
    resource,
    bool_or(has_input_timing) AS timing_recorded,
    count(xfer_in_seconds) AS attempts_with_timing,
    median(xfer_in_seconds) / 60.0 AS median_input_minutes,
    quantile_cont(xfer_in_seconds, 0.9) / 60.0 AS p90_input_minutes,
    max(xfer_in_seconds) / 60.0 AS max_input_minutes,
    count(input_mb_per_s) AS attempts_with_rate,
    median(input_mb_per_s) AS median_input_mb_per_s,
    coalesce(sum(xfer_in_seconds), 0) / 3600.0 AS input_hours
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

-- transfer_by_job_type: one row per (job type, resource) with attempts in scope: transfer
-- efficiency of training jobs versus the others.
--
-- Derived columns:
--   job_type              from Job Name (see attempts)
--   attempts, attempts_with_bytes, gib_in, gib_out   as in transfer_volumes
--   median_input_minutes  median input-transfer duration / 60 (NULL when not recorded)
--   median_input_mb_per_s median achieved input throughput (MB = 10^6 bytes; see
--                         attempts.input_mb_per_s for which attempts qualify)
--   gib_in_per_productive_gpu_hour  gib_in / productive GPU-hours: data moved per unit of useful work
-- grain: job_type, resource
CREATE OR REPLACE VIEW transfer_by_job_type AS
SELECT
    job_type,
    resource,
    count(*) AS attempts,
    count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0) AS attempts_with_bytes,
    gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0))) AS gib_in,
    gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0))) AS gib_out,
    minutes_of(median(xfer_in_seconds)) AS median_input_minutes,
    median(input_mb_per_s) AS median_input_mb_per_s,
    gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0)))
        / nullif(sum(gpu_hours) FILTER (WHERE productive), 0) AS gib_in_per_productive_gpu_hour
FROM attempts
GROUP BY job_type, resource
ORDER BY job_type, resource_rank(resource), resource;

-- gpu_mix: one row per (resource, GPU model) with attempts in scope.
--
-- Derived columns:
--   gpu_model          GPU Device Name ('none' for attempts without GPUs, 'unreported'
--                      when GPUs were assigned but the model is missing)
--   attempts           execution attempts on that model
--   gpus_per_attempt   the most common number of GPUs per attempt
--   gpu_hours          sum of run_seconds x GPUs / 3600
--   productive_gpu_hours  GPU-hours of success and checkpoint attempts
--   share_of_resource_pct  gpu_hours / the resource's GPU-hours x 100
--   share_of_total_pct     gpu_hours / all GPU-hours in scope x 100
--   device_memory_mb   memory of one device (device_memory_mb macro in 000_helpers.sql: the CSV
--                      column is often a cluster-wide total copied onto every attempt)
-- grain: resource, gpu_model
-- cache: report
CREATE OR REPLACE VIEW gpu_mix AS
SELECT
    resource,
    gpu_model,
    count(*) AS attempts,
    mode(gpus) AS gpus_per_attempt,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER (PARTITION BY resource)) AS share_of_resource_pct,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER ()) AS share_of_total_pct,
    device_memory_mb(gpu_memory_mb, gpus, attempt_seq) AS device_memory_mb
FROM attempts
GROUP BY resource, gpu_model
ORDER BY resource_rank(resource), resource, gpu_hours DESC, gpu_model;

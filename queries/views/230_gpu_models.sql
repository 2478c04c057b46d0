-- gpu_models: one row per GPU model used by attempts with GPUs in scope (attempts without a
-- GPU, gpu_model 'none', are left out), largest GPU-hours first.
--
-- Derived columns:
--   gpu_model           GPU Device Name ('unreported' when GPUs were assigned without a name)
--   attempts            execution attempts on that model; resources = distinct resources
--   gpu_hours           sum of run_seconds x GPUs / 3600; productive_gpu_hours of success
--                       and checkpoint attempts
--   share_of_total_pct  gpu_hours / all GPU-hours in scope x 100
--   device_memory_mb    memory of ONE device of the model (see the device_memory_mb macro in
--                       200_figure_helpers.sql: GPU Memory MB is often inflated in the CSV)
--   device_memory_gib   device_memory_mb / 1024
-- grain: gpu_model
CREATE OR REPLACE VIEW gpu_models AS
SELECT
    gpu_model,
    count(*) AS attempts,
    count(DISTINCT resource) AS resources,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
    pct_of(if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)), sum(sum(gpu_hours)) OVER ()) AS share_of_total_pct,
    device_memory_mb(gpu_memory_mb, gpus, attempt_seq) AS device_memory_mb,
    gib_of_mb(device_memory_mb(gpu_memory_mb, gpus, attempt_seq)) AS device_memory_gib
FROM attempts
WHERE gpus > 0
GROUP BY gpu_model
ORDER BY gpu_hours DESC, gpu_model;

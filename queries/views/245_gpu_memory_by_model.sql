-- gpu_memory_by_model: one row per GPU model used by attempts with GPUs in scope: the memory
-- of one device, and how much GPU memory the attempts used at peak where that is recorded.
--
-- Derived columns:
--   device_memory_gib   memory of ONE device / 1024 (see gpu_models)
--   attempts            execution attempts on that model
--   usage_recorded      the source files can record usage (CSV v6 or event log)
--   n, min, p10, p25, median, p75, p90, max   distribution of the peak GPU memory used by
--                       an attempt (GPU Memory Usage MB / 1024, GiB; only attempts that ended
--                       with a terminated event report it). The value is taken as reported
--                       for the whole attempt: on a multi-GPU attempt it may exceed one
--                       device's memory, and the generator copies a cluster's GPU details
--                       across its attempts, so a value can belong to another execution.
-- grain: gpu_model
CREATE OR REPLACE VIEW gpu_memory_by_model AS
SELECT
    gpu_model,
    gib_of_mb(device_memory_mb(gpu_memory_mb, gpus, attempt_seq)) AS device_memory_gib,
    count(*) AS attempts,
    bool_or(has_usage_columns) AS usage_recorded,
    unnest(box_stats(gib_of_mb(gpu_memory_usage_mb)))
FROM attempts
WHERE gpus > 0
GROUP BY gpu_model
ORDER BY sum(gpu_hours) DESC NULLS LAST, gpu_model;

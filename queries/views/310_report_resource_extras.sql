-- report_resource_extras: one row per resource with attempts in scope: the per-resource
-- numbers of the report that resource_summary does not carry (quick failures, resource usage).
--
-- Derived columns:
--   usage_recorded          some source file of these attempts has usage columns (CSV v6 or
--                           event log); when false every usage column below is "not recorded"
--   failed_attempts         attempts whose waste_kind is 'failed' (Final Status failed)
--   failed_median_minutes   median run_seconds / 60 of those (NULL when none has a runtime)
--   failed_gpu_hours        their GPU-hours
--   attempts_with_memory_usage, p95_peak_memory_mb, max_peak_memory_mb
--                           Peak Memory Usage MB: attempts reporting it, 95th percentile, largest
--   attempts_with_cpu_usage, p95_cpu_cores, max_cpu_cores
--                           CPU Usage (average cores busy): count, 95th percentile, largest
--   attempts_with_gpu_usage attempts with GPUs that report GPU Usage
--   gpus_per_attempt        most common number of GPUs of those attempts
--   median_gpu_used_fraction  median of GPU Usage / GPUs assigned (1 = every GPU busy)
--   p95_disk_gib, max_disk_gib  Disk Usage KB / 2^20: 95th percentile and largest, GiB
-- grain: resource
-- cache: report
CREATE OR REPLACE VIEW report_resource_extras AS
SELECT
    resource,
    coalesce(bool_or(has_usage_columns), false) AS usage_recorded,
    count(*) FILTER (WHERE waste_kind = 'failed') AS failed_attempts,
    minutes_of(median(run_seconds) FILTER (WHERE waste_kind = 'failed')) AS failed_median_minutes,
    if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE waste_kind = 'failed'), 0)) AS failed_gpu_hours,
    count(peak_memory_mb) AS attempts_with_memory_usage,
    quantile_cont(peak_memory_mb, 0.95) AS p95_peak_memory_mb,
    max(peak_memory_mb) AS max_peak_memory_mb,
    count(cpu_usage) AS attempts_with_cpu_usage,
    quantile_cont(cpu_usage, 0.95) AS p95_cpu_cores,
    max(cpu_usage) AS max_cpu_cores,
    count(gpu_usage) FILTER (WHERE gpus > 0) AS attempts_with_gpu_usage,
    mode(gpus) FILTER (WHERE gpus > 0 AND gpu_usage IS NOT NULL) AS gpus_per_attempt,
    median(gpu_usage / gpus) FILTER (WHERE gpus > 0) AS median_gpu_used_fraction,
    gib_of_kb(quantile_cont(disk_usage_kb, 0.95)) AS p95_disk_gib,
    gib_of_kb(max(disk_usage_kb)) AS max_disk_gib
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

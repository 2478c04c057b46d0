-- usage_by_resource: one row per (resource, usage metric) with attempts in scope (long
-- format): what the attempts really used, from the "Usage" column of the terminated event
-- (CSV v6 or event log; an event log also has it for evictions), with the request overlaid.
--
-- Metrics (metric, unit):
--   cpu_cores        (cores)  CPU Usage: average number of cores busy
--   peak_memory      (GiB)    Peak Memory Usage MB / 1024
--   disk             (GiB)    Disk Usage KB / 1024^2
--   gpu_utilisation  (%)      GPU Usage / GPUs x 100: average share of the attempt's GPUs
--                             busy (attempts with GPUs only)
-- Derived columns:
--   usage_recorded   the source files can record usage (CSV v6 or event log)
--   n, min, p10, p25, median, p75, p90, max   distribution over the attempts reporting it
--   requests_recorded  some attempt of the resource carries the request (request_cpus,
--                    request_memory_mb, request_disk_kb: event logs only; job_summary.csv
--                    has no request columns). Always false for gpu_utilisation (a share)
--   attempts_with_request  attempts carrying that request
--   requested        the median request, same unit as the metric; NULL when not recorded
--                    (the full distributions and used / requested are in requests_vs_usage)
-- grain: resource, metric
CREATE OR REPLACE VIEW usage_by_resource AS
WITH per_resource AS (
    SELECT resource,
           bool_or(has_usage_columns) AS usage_recorded,
           box_stats(cpu_usage) AS cpu_cores,
           box_stats(gib_of_mb(peak_memory_mb)) AS peak_memory,
           box_stats(gib_of_kb(disk_usage_kb)) AS disk,
           box_stats(CASE WHEN gpus > 0 THEN pct_of(gpu_usage, gpus) END) AS gpu_utilisation,
           count(request_cpus) AS n_req_cpu, median(request_cpus) AS req_cpu,
           count(request_memory_mb) AS n_req_mem, gib_of_mb(median(request_memory_mb)) AS req_mem,
           count(request_disk_kb) AS n_req_disk, gib_of_kb(median(request_disk_kb)) AS req_disk
    FROM attempts
    GROUP BY resource
),
long AS (
    SELECT resource, usage_recorded,
           unnest([{'metric': 'cpu_cores', 'unit': 'cores', 'rank': 1, 's': cpu_cores,
                    'n_req': n_req_cpu, 'req': req_cpu},
                   {'metric': 'peak_memory', 'unit': 'GiB', 'rank': 2, 's': peak_memory,
                    'n_req': n_req_mem, 'req': req_mem},
                   {'metric': 'disk', 'unit': 'GiB', 'rank': 3, 's': disk,
                    'n_req': n_req_disk, 'req': req_disk},
                   {'metric': 'gpu_utilisation', 'unit': '%', 'rank': 4, 's': gpu_utilisation,
                    'n_req': 0, 'req': CAST(NULL AS DOUBLE)}
           ]) AS m
    FROM per_resource
)
SELECT resource, m.metric AS metric, m.unit AS unit, usage_recorded,
       unnest(m.s),
       m.n_req > 0 AS requests_recorded,
       m.n_req AS attempts_with_request,
       CAST(m.req AS DOUBLE) AS requested
FROM long
ORDER BY resource_rank(resource), resource, m.rank;

-- requests_vs_usage: one row per (resource, what, series) with attempts in scope (long
-- format): the distributions of what the attempts used, what they requested, and the
-- efficiency used / requested, for five resources of a job.
--
-- what (unit): used <- requested, per attempt
--   cpus        (cores)  CPU Usage (average cores busy)      <- request_cpus
--   memory      (GiB)    Peak Memory Usage MB / 1024          <- request_memory_mb / 1024
--   disk        (GiB)    Disk Usage KB / 1024^2               <- request_disk_kb / 1024^2
--   gpus        (GPUs)   GPU Usage (average GPUs busy)        <- request_gpus
--   gpu_memory  (GiB)    GPU Memory Usage MB (peak) / 1024    <- request_gpu_memory_mb / 1024
--               (the request is gpus_minimum_memory or the GpusMemory request: a minimum
--               memory per GPU device, compared as recorded)
-- Requests come from event logs only (the Request column of the usage table, else the DAG's
-- submit description); job_summary.csv has none, so CSV attempts have used values only.
--
-- Derived columns:
--   series           'used', 'requested' or 'efficiency'
--   series_unit      the unit of this series' numbers: the what's unit, '%' for efficiency
--   usage_recorded   some source file of the resource's attempts can record usage (CSV v6,
--                    event log)
--   requests_recorded  some attempt of the resource carries this request (event logs)
--   n, min, p10, p25, median, p75, p90, max   distribution over the attempts that report
--                    the series (box_stats); efficiency = 100 x used / requested over the
--                    attempts with both (and a request > 0): 100 % = used all it asked for
-- grain: resource, what, series
CREATE OR REPLACE VIEW requests_vs_usage AS
WITH per_attempt AS (
    SELECT resource, has_usage_columns,
           unnest([
               {'what': 'cpus', 'unit': 'cores', 'rank': 1,
                'used': cpu_usage, 'req': request_cpus},
               {'what': 'memory', 'unit': 'GiB', 'rank': 2,
                'used': gib_of_mb(peak_memory_mb), 'req': gib_of_mb(request_memory_mb)},
               {'what': 'disk', 'unit': 'GiB', 'rank': 3,
                'used': gib_of_kb(disk_usage_kb), 'req': gib_of_kb(request_disk_kb)},
               {'what': 'gpus', 'unit': 'GPUs', 'rank': 4,
                'used': gpu_usage, 'req': request_gpus},
               {'what': 'gpu_memory', 'unit': 'GiB', 'rank': 5,
                'used': gib_of_mb(gpu_memory_usage_mb), 'req': gib_of_mb(request_gpu_memory_mb)}
           ]) AS v
    FROM attempts
),
per_what AS (
    SELECT resource, v.what AS what, v.unit AS unit, v.rank AS rank,
           coalesce(bool_or(has_usage_columns), false) AS usage_recorded,
           count(v.req) > 0 AS requests_recorded,
           box_stats(CAST(v.used AS DOUBLE)) AS used,
           box_stats(CAST(v.req AS DOUBLE)) AS requested,
           box_stats(CASE WHEN v.req > 0 THEN pct_of(v.used, v.req) END) AS efficiency
    FROM per_attempt
    GROUP BY ALL
),
long AS (
    SELECT resource, what, unit, rank, usage_recorded, requests_recorded,
           unnest([{'series': 'used', 'series_unit': unit, 's': used, 'r': 1},
                   {'series': 'requested', 'series_unit': unit, 's': requested, 'r': 2},
                   {'series': 'efficiency', 'series_unit': '%', 's': efficiency, 'r': 3}]) AS x
    FROM per_what
)
SELECT resource, what, unit, x.series AS series, x.series_unit AS series_unit,
       usage_recorded, requests_recorded, unnest(x.s)
FROM long
ORDER BY resource_rank(resource), resource, rank, x.r;

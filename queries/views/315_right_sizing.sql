-- right_sizing: one row per (resource, what: memory, cpu or disk) with attempts in scope that
-- report the use or carry the request: what a right-sized request would be, next to what
-- was requested (requests come from event logs; job_summary.csv has none).
--
-- Derived columns:
--   unit                   'GiB' (memory, disk) or 'cores' (cpu)
--   requests_recorded      some attempt carries the request (request_memory_mb,
--                          request_cpus, request_disk_kb: event logs)
--   attempts_with_usage    attempts reporting the use (Peak Memory Usage, CPU Usage, Disk Usage)
--   attempts_with_request  attempts carrying the request
--   attempts_with_both     attempts with both (the rule judges a resource on these)
--   median_request         median request over the attempts carrying it
--   p95_used               95th percentile of the use (quantile_cont) over the attempts reporting it
--   suggested_request      p95_used x p95_factor (threshold p95_factor = 1.1 of rule
--                          right_sizing); for cpu rounded up to whole cores (at least 1)
--   request_over_suggested median_request / suggested_request (> 1: requests above the suggestion)
--   median_efficiency_pct  median of 100 x use / request over the attempts with both
--   run_hours_with_request run hours of the attempts carrying the request
--   freed_unit             the unit of freed_unit_hours: 'GiB-hours' or 'core-hours'
--   freed_unit_hours       sum over the attempts carrying the request of
--                          (request - suggested_request) x run_hours: what requesting the
--                          suggestion would have freed, in GiB-hours (memory, disk) or
--                          core-hours (cpu); the attempts that asked for less count negative
-- grain: resource, what
CREATE OR REPLACE VIEW right_sizing AS
WITH per_attempt AS (
    SELECT resource, run_hours,
           unnest([{'what': 'memory', 'unit': 'GiB', 'rank': 1,
                    'used': gib_of_mb(peak_memory_mb), 'req': gib_of_mb(request_memory_mb)},
                   {'what': 'cpu', 'unit': 'cores', 'rank': 2,
                    'used': CAST(cpu_usage AS DOUBLE), 'req': CAST(request_cpus AS DOUBLE)},
                   {'what': 'disk', 'unit': 'GiB', 'rank': 3,
                    'used': gib_of_kb(disk_usage_kb), 'req': gib_of_kb(request_disk_kb)}]) AS v
    FROM attempts
),
flat AS (
    SELECT resource, run_hours, v.what AS what, v.unit AS unit, v.rank AS rank,
           v.used AS used, v.req AS req
    FROM per_attempt
    WHERE v.used IS NOT NULL OR v.req IS NOT NULL
),
stats AS (
    SELECT resource, what, unit, rank,
           count(req) > 0 AS requests_recorded,
           count(used) AS attempts_with_usage,
           count(req) AS attempts_with_request,
           count(*) FILTER (WHERE used IS NOT NULL AND req IS NOT NULL) AS attempts_with_both,
           median(req) AS median_request,
           quantile_cont(used, 0.95) AS p95_used,
           median(pct_of(used, req)) FILTER (WHERE req > 0) AS median_efficiency_pct,
           coalesce(sum(run_hours) FILTER (WHERE req IS NOT NULL), 0) AS run_hours_with_request
    FROM flat
    GROUP BY ALL
),
suggested AS (
    SELECT *,
           CASE WHEN what = 'cpu'
                THEN greatest(1, ceil(p95_used * report_threshold('right_sizing', 'p95_factor') - 1e-9))
                ELSE p95_used * report_threshold('right_sizing', 'p95_factor') END AS suggested_request
    FROM stats
),
freed AS (
    SELECT f.resource, f.what, sum((f.req - s.suggested_request) * f.run_hours) AS freed_unit_hours
    FROM flat f JOIN suggested s USING (resource, what)
    WHERE f.req IS NOT NULL
    GROUP BY ALL
)
SELECT s.resource, s.what, s.unit, s.requests_recorded, s.attempts_with_usage,
       s.attempts_with_request, s.attempts_with_both, s.median_request, s.p95_used,
       s.suggested_request,
       s.median_request / nullif(s.suggested_request, 0) AS request_over_suggested,
       s.median_efficiency_pct, s.run_hours_with_request,
       CASE s.unit WHEN 'cores' THEN 'core-hours' ELSE s.unit || '-hours' END AS freed_unit,
       x.freed_unit_hours
FROM suggested s
LEFT JOIN freed x USING (resource, what)
ORDER BY resource_rank(s.resource), s.resource, s.rank;

-- gpu_hours_by_day: one row per (day, resource) from the first to the last start day in
-- scope, for every resource with attempts (days without attempts are present with 0).
--
-- Hours are attributed to the attempt's START day (attempts.day), whole: a 30-hour attempt
-- started on Monday counts 30 hours on Monday. Daily values are therefore "GPU-hours of the
-- attempts started that day", which can exceed 24 x GPUs on a day.
--
-- Derived columns:
--   attempts              attempts started that day
--   gpu_hours             their GPU-hours (run_seconds x GPUs / 3600)
--   productive_gpu_hours  of success and checkpoint attempts; wasted_gpu_hours of the rest
CREATE OR REPLACE VIEW gpu_hours_by_day AS
WITH daily AS (
    SELECT day, resource, count(*) AS attempts,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours
    FROM attempts WHERE day IS NOT NULL
    GROUP BY day, resource
),
grid AS (
    SELECT CAST(d.day AS DATE) AS day, r.resource
    FROM (SELECT min(day) AS d0, max(day) AS d1 FROM daily) b,
         range(b.d0, b.d1 + INTERVAL 1 DAY, INTERVAL 1 DAY) d(day),
         (SELECT DISTINCT resource FROM daily) r
)
SELECT g.day, g.resource,
       coalesce(x.attempts, 0) AS attempts,
       coalesce(x.gpu_hours, 0) AS gpu_hours,
       coalesce(x.productive_gpu_hours, 0) AS productive_gpu_hours,
       coalesce(x.wasted_gpu_hours, 0) AS wasted_gpu_hours
FROM grid g LEFT JOIN daily x USING (day, resource)
ORDER BY g.day, resource_rank(g.resource), g.resource;

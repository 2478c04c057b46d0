-- gpu_hours_by_day: one row per (day, resource) from the first to the last day on which an
-- attempt in scope started or ran, for every resource with attempts (days without attempts
-- are present with 0).
--
-- Hours are SPREAD over the days the attempt ran: its span Start Time -> stop_time (the
-- attempts view's run time; for a still-running event-log attempt, up to the log's last
-- event) is cut at midnight and each day gets the part that fell in it. A 40-hour attempt
-- started Monday 20:00 counts 4 h on Monday, 24 h on Tuesday and 12 h on Wednesday (x GPUs
-- for GPU-hours). So a day's value is never more than 24 x the GPUs running that day, and
-- the days add up to the attempts' total GPU-hours (compute_time_by_resource). Attempts
-- without a run time (no stop, negative span) add no hours; the scope (--since/--until)
-- selects attempts by Start Time, so an attempt started on the last day of the window
-- carries its later hours into the days after it.
--
-- Derived columns:
--   attempts              attempts STARTED that day (each attempt counted once)
--   gpu_hours             the GPU-hours that fell in that day (run time in the day x GPUs / 3600)
--   productive_gpu_hours  of success and checkpoint attempts; wasted_gpu_hours of wasted
--                         attempts; running_gpu_hours of attempts still running when their
--                         event log ended (neither productive nor wasted, see attempts)
-- grain: day, resource
CREATE OR REPLACE VIEW gpu_hours_by_day AS
WITH pieces AS (
    -- one row per (attempt, day it ran): the day's share of the span, in seconds
    SELECT CAST(p.day AS DATE) AS day, p.resource, p.productive, p.has_gpu_columns,
           gpu_hours_of(epoch(least(p.stop_time, p.day + INTERVAL 1 DAY) - greatest(p.start_time, p.day)),
                        p.gpus) AS gpu_hours
    FROM (SELECT resource, productive, gpus, has_gpu_columns, start_time, stop_time,
                 unnest(range(date_trunc('day', start_time), stop_time, INTERVAL 1 DAY)) AS day
          FROM attempts
          WHERE run_seconds > 0) p
),
hours AS (
    SELECT day, resource,
           sum(gpu_hours) AS gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive), 0)) AS productive_gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE NOT productive), 0)) AS wasted_gpu_hours,
           if_recorded(has_gpu_columns, coalesce(sum(gpu_hours) FILTER (WHERE productive IS NULL), 0)) AS running_gpu_hours
    FROM pieces
    GROUP BY day, resource
),
started AS (
    SELECT day, resource, count(*) AS attempts
    FROM attempts WHERE day IS NOT NULL
    GROUP BY day, resource
),
grid AS (
    SELECT CAST(d.day AS DATE) AS day, r.resource
    FROM (SELECT min(day) AS d0, max(day) AS d1
          FROM (SELECT day FROM started UNION ALL SELECT day FROM hours)) b,
         range(b.d0, b.d1 + INTERVAL 1 DAY, INTERVAL 1 DAY) d(day),
         (SELECT DISTINCT resource FROM started) r
)
SELECT g.day, g.resource,
       coalesce(s.attempts, 0) AS attempts,
       coalesce(h.gpu_hours, 0) AS gpu_hours,
       coalesce(h.productive_gpu_hours, 0) AS productive_gpu_hours,
       coalesce(h.wasted_gpu_hours, 0) AS wasted_gpu_hours,
       coalesce(h.running_gpu_hours, 0) AS running_gpu_hours
FROM grid g
LEFT JOIN started s USING (day, resource)
LEFT JOIN hours h USING (day, resource)
ORDER BY g.day, resource_rank(g.resource), g.resource;

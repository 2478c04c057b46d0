-- epochs_by_day: one row per (day, resource) from the first to the last day an epoch was
-- completed in scope, for every resource credited with an epoch (days without a completion
-- are present with 0, so cumulative lines are continuous).
--
-- Derived columns:
--   day                date of the stop time of the epoch's first successful attempt
--                      (attempts.first_success; = epochs.day); epochs without one are left out
--   resource           the resource the epoch is credited to (see epochs)
--   epochs             completed epochs credited to the resource on that day
--   cumulative_epochs  running sum of epochs over the days up to and including this one
-- grain: day, resource
CREATE OR REPLACE VIEW epochs_by_day AS
WITH done AS (
    -- one row per completed epoch: its first successful attempt (as in the epochs view, read
    -- straight from attempts: faster than grouping the epochs)
    -- (a standalone job's first success stands for its credited epochs: attempts.epochs_credited)
    SELECT CAST(stop_time AS DATE) AS day, resource, epochs_credited
    FROM attempts
    WHERE epochs_credited > 0 AND stop_time IS NOT NULL
),
grid AS (
    SELECT CAST(d.day AS DATE) AS day, r.resource
    FROM (SELECT min(day) AS d0, max(day) AS d1 FROM done) b,
         range(b.d0, b.d1 + INTERVAL 1 DAY, INTERVAL 1 DAY) d(day),
         (SELECT DISTINCT resource FROM done) r
),
daily AS (
    SELECT g.day, g.resource, coalesce(sum(x.epochs_credited), 0) AS epochs
    FROM grid g LEFT JOIN done x USING (day, resource)
    GROUP BY g.day, g.resource
)
SELECT day, resource, epochs,
       sum(epochs) OVER (PARTITION BY resource ORDER BY day) AS cumulative_epochs
FROM daily
ORDER BY day, resource_rank(resource), resource;

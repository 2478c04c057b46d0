-- experiment_epochs_by_relative_day: one row per (experiment, day of its campaign) from its
-- first attempt in scope to its last stop: completed epochs over campaign-relative time, so
-- experiments that ran months apart can be laid over each other.
--
-- Derived columns:
--   experiment_pos     the experiment's place in the comparison (experiment_order macro)
--   first_start        the experiment's first Start Time in scope (day 0 starts here)
--   day                whole days since first_start: day d covers [d x 24 h, (d + 1) x 24 h)
--                      after it; rows run from 0 to the day of the experiment's latest stop
--                      time (only day 0 when no attempt has a stop time)
--   days_elapsed       d + 1: the campaign time at the end of that day, in days
--   epochs             epochs (see epochs) whose first successful attempt stopped in that day
--   cumulative_epochs  running sum of epochs up to the end of that day
-- grain: experiment, day
-- cache: compare
CREATE OR REPLACE VIEW experiment_epochs_by_relative_day AS
WITH span AS (
    SELECT experiment, min(start_time) AS first_start,
           coalesce(greatest(0, floor(epoch(max(stop_time) - min(start_time)) / 86400)), 0)
               AS last_day
    FROM attempts
    WHERE start_time IS NOT NULL
    GROUP BY experiment
),
done AS (
    SELECT e.experiment,
           CAST(greatest(0, floor(epoch(e.completed_at - s.first_start) / 86400)) AS INTEGER) AS day
    FROM epochs e JOIN span s USING (experiment)
    WHERE e.completed_at IS NOT NULL
),
grid AS (
    SELECT s.experiment, s.first_start, CAST(d.day AS INTEGER) AS day
    FROM span s, range(0, CAST(s.last_day AS BIGINT) + 1) d(day)
),
daily AS (
    SELECT g.experiment, g.first_start, g.day, count(x.day) AS epochs
    FROM grid g LEFT JOIN done x USING (experiment, day)
    GROUP BY ALL
)
SELECT experiment, experiment_order(experiment) AS experiment_pos, first_start, day,
       day + 1 AS days_elapsed, epochs,
       sum(epochs) OVER (PARTITION BY experiment ORDER BY day) AS cumulative_epochs
FROM daily
ORDER BY experiment_pos, experiment, day;

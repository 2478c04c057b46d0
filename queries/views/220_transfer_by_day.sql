-- transfer_by_day: one row per (day, resource) from the first to the last transfer day in
-- scope, for every resource with attempts (days without bytes are present with 0).
--
-- Bytes are attributed to the day of the attempt's stop_time (in a CSV the cluster totals
-- are written on the terminated attempt, so this is the day the cluster finished), or to its
-- start day when it has no stop time. Unlike GPU-hours (gpu_hours_by_day) they are NOT spread
-- over the days the attempt ran, on purpose: both sources record bytes only in the END event
-- (CSV: the terminated row; event log: the end event's Run Bytes), and when within the span
-- they moved is not recorded (input before the run, output after it). Spreading them would
-- invent a transfer rate; the end day is the one day the sources do give. Every byte counts
-- on exactly one day, so the days add up to transfer_volumes' totals.
--
-- Derived columns:
--   attempts_with_bytes   attempts reporting a non-zero byte count that day
--   gib_in, gib_out       input (Total Bytes Received) / output (Total Bytes Sent) in GiB (2^30 bytes)
-- grain: day, resource
CREATE OR REPLACE VIEW transfer_by_day AS
WITH daily AS (
    SELECT CAST(coalesce(stop_time, start_time) AS DATE) AS day, resource,
           count(*) FILTER (WHERE bytes_in > 0 OR bytes_out > 0) AS attempts_with_bytes,
           gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_in), 0))) AS gib_in,
           gib_of_bytes(if_recorded(has_byte_columns, coalesce(sum(bytes_out), 0))) AS gib_out
    FROM attempts WHERE coalesce(stop_time, start_time) IS NOT NULL
    GROUP BY ALL
),
grid AS (
    SELECT CAST(d.day AS DATE) AS day, r.resource
    FROM (SELECT min(day) AS d0, max(day) AS d1 FROM daily) b,
         range(b.d0, b.d1 + INTERVAL 1 DAY, INTERVAL 1 DAY) d(day),
         (SELECT DISTINCT resource FROM daily) r
)
SELECT g.day, g.resource,
       coalesce(x.attempts_with_bytes, 0) AS attempts_with_bytes,
       coalesce(x.gib_in, 0) AS gib_in,
       coalesce(x.gib_out, 0) AS gib_out
FROM grid g LEFT JOIN daily x USING (day, resource)
ORDER BY g.day, resource_rank(g.resource), g.resource;

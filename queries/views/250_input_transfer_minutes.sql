-- input_transfer_minutes: one row per resource with attempts in scope: the distribution of
-- the input-transfer time before execution.
--
-- Derived columns:
--   timing_recorded     the source files can record input-transfer times (CSV v4+ or event log)
--   n, min, p10, p25, median, p75, p90, max   distribution of xfer_in_seconds / 60 (minutes)
--                       over the attempts that have one
-- grain: resource
CREATE OR REPLACE VIEW input_transfer_minutes AS
SELECT resource, bool_or(has_input_timing) AS timing_recorded,
       unnest(box_stats(minutes_of(xfer_in_seconds)))
FROM attempts
GROUP BY resource
ORDER BY resource_rank(resource), resource;

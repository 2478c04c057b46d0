-- report_waste_by_kind: one row per kind of waste (waste_kind of attempts: failed, evicted,
-- aborted, held/released, RESCUED, unknown, other) with attempts in scope: what was lost.
--
-- Derived columns:
--   kind                  the waste_kind
--   attempts              wasted attempts of that kind
--   gpu_hours             their GPU-hours
--   share_of_wasted_pct   gpu_hours / all wasted GPU-hours x 100
--   share_of_gpu_hours_pct  gpu_hours / all GPU-hours in scope x 100
--   main_resource         the resource where this kind wasted the most GPU-hours (ties, e.g. all
--                         0 GPU-hours: most attempts, then resource order; it was random)
-- grain: kind
CREATE OR REPLACE VIEW report_waste_by_kind AS
WITH by_resource AS (
    SELECT waste_kind AS kind, resource, productive,
           count(*) AS attempts, if_recorded(has_gpu_columns, coalesce(sum(gpu_hours), 0)) AS gpu_hours
    FROM attempts
    GROUP BY ALL
),
totals AS (
    SELECT sum(gpu_hours) AS all_h, sum(gpu_hours) FILTER (WHERE NOT productive) AS wasted_h
    FROM by_resource
)
SELECT
    kind,
    sum(attempts) AS attempts,
    sum(gpu_hours) AS gpu_hours,
    pct_of(sum(gpu_hours), any_value(t.wasted_h)) AS share_of_wasted_pct,
    pct_of(sum(gpu_hours), any_value(t.all_h)) AS share_of_gpu_hours_pct,
    arg_max(resource, (coalesce(gpu_hours, 0), attempts, -resource_rank(resource))) AS main_resource
FROM by_resource, totals t
WHERE NOT productive
GROUP BY kind
ORDER BY gpu_hours DESC, kind;

-- wasted_hours_by_cause: one row per (resource, waste kind) with wasted attempts in scope:
-- GPU-hours lost, by cause.
--
-- Derived columns:
--   waste_kind     see attempts: failed, evicted, aborted, held/released, RESCUED, unknown, other
--   cause          the cause of the loss; for now = waste_kind (event-log hold and evict
--                  reasons will refine it)
--   attempts       wasted attempts of that kind
--   gpu_hours      their GPU-hours (run_seconds x GPUs / 3600)
--   run_hours      their wall hours (GPUs ignored)
--   share_of_resource_waste_pct  gpu_hours / the resource's wasted GPU-hours x 100 (NULL when
--                  the resource wasted no GPU-hours)
CREATE OR REPLACE VIEW wasted_hours_by_cause AS
SELECT
    resource,
    waste_kind,
    waste_kind AS cause,
    count(*) AS attempts,
    coalesce(sum(gpu_hours), 0) AS gpu_hours,
    coalesce(sum(run_hours), 0) AS run_hours,
    100.0 * coalesce(sum(gpu_hours), 0)
        / nullif(sum(sum(gpu_hours)) OVER (PARTITION BY resource), 0) AS share_of_resource_waste_pct
FROM attempts
WHERE NOT productive
GROUP BY resource, waste_kind
ORDER BY resource_rank(resource), resource, waste_rank(waste_kind), waste_kind;

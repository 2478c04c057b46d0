-- rec_rank_resources: one row ranking the resources by epochs per 100 GPU-hours
-- (resource_summary.epochs_per_100_gpu_hours: completed epochs / all GPU-hours, wasted
-- included), best first. Only resources with at least min_gpu_hours GPU-hours take part
-- (threshold min_gpu_hours = 1); shown when at least min_entries resources qualify
-- (threshold min_entries = 2) and one of them completed an epoch.
-- Thresholds: report_thresholds (rule 'rank_resources').
-- Columns: as in rec_high_waste. Evidence: one item per resource (name = the resource,
-- value = epochs per 100 GPU-hours), plus best_over_worst (ratio, NULL when the worst is 0).
CREATE OR REPLACE VIEW rec_rank_resources AS
WITH r AS (
    SELECT resource, epochs, gpu_hours, coalesce(epochs_per_100_gpu_hours, 0) AS rate
    FROM resource_summary
    WHERE gpu_hours >= report_threshold('rank_resources', 'min_gpu_hours')
),
agg AS (
    SELECT
        count(*) AS n,
        max(rate) AS best,
        min(rate) AS worst,
        arg_max(resource, rate) AS best_resource,
        arg_min(resource, rate) AS worst_resource,
        string_agg(printf('%s %.2f (%,d epochs / %,.1f GPU-hours)', resource, rate, epochs, gpu_hours),
                   '; ' ORDER BY rate DESC, resource) AS ranking,
        list(rec_ev(resource, rate, 'epochs per 100 GPU-hours') ORDER BY rate DESC, resource) AS items
    FROM r
)
SELECT
    'rank_resources' AS rule,
    'resources' AS subject,
    'info' AS severity,
    best AS weight,
    printf('epochs per 100 GPU-hours, best first: %s', ranking)
        || CASE WHEN worst > 0 THEN printf('. %s gets %.1fx the epochs per GPU-hour of %s',
                                           best_resource, best / worst, worst_resource)
                ELSE printf('. %s completed no epoch', worst_resource) END AS message,
    list_concat(items, [rec_ev('best_over_worst', best / nullif(worst, 0), 'x')]) AS evidence
FROM agg
WHERE n >= report_threshold('rank_resources', 'min_entries') AND best > 0;

-- rec_rank_resources: one row ranking the resources by GPU-hours per completed epoch over all
-- attempts of the epoch's node (ranking_evidence.gpu_hours_per_epoch, from
-- epochs_by_resource: evicted and failed attempts of the node included), lowest (best) first.
-- Only resources with the evidence take part (ranking_evidence.ranked): at least
-- min_epochs completed epochs (threshold min_epochs = 5), at least min_gpu_hours_pct of the
-- GPU-hours in scope (threshold min_gpu_hours_pct = 2) and min_gpu_hours GPU-hours (threshold
-- min_gpu_hours = 1), never 'unknown'. Shown when at least min_entries resources qualify
-- (threshold min_entries = 2); the ones left out are named with the reason.
-- Thresholds: report_thresholds (rule 'rank_resources').
-- Columns: as in rec_high_waste. Evidence: one item per ranked resource (name = the
-- resource, value = GPU-hours per epoch), worst_over_best (ratio of the highest to the lowest
-- GPU-hours per epoch) and left_out (text, when some resources lack the evidence).
--
-- rule: rank_resources
-- rule_order: 8
-- title: Resources ranked by GPU-hours per epoch (all attempts of the epoch's node)
-- advice: Send more of the next campaign's epochs to the resources at the top.
-- fires_when: at least min_entries resources have the evidence to be ranked: min_epochs
--     completed epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours
--     ('unknown' never); the others are named as left out
CREATE OR REPLACE VIEW rec_rank_resources AS
WITH r AS (
    SELECT resource, epochs, gpu_hours_per_epoch AS cost
    FROM ranking_evidence
    WHERE kind = 'resource' AND ranked
),
out AS (
    SELECT string_agg(printf('%s (%s)', resource, left_out_reason), ', ' ORDER BY resource) AS left_out
    FROM ranking_evidence
    WHERE kind = 'resource' AND NOT ranked
),
agg AS (
    SELECT
        count(*) AS n,
        min(cost) AS best,
        max(cost) AS worst,
        arg_min(resource, cost) AS best_resource,
        arg_max(resource, cost) AS worst_resource,
        string_agg(printf('%s %.2f (%,d epochs)', resource, cost, epochs),
                   '; ' ORDER BY cost, resource) AS ranking,
        list(rec_ev(resource, cost, 'GPU-hours per epoch') ORDER BY cost, resource) AS items
    FROM r
)
SELECT
    'rank_resources' AS rule,
    'resources' AS subject,
    'info' AS severity,
    worst / nullif(best, 0) AS weight,
    printf('GPU-hours per completed epoch (all attempts of the epoch''s node), lowest first: %s',
           ranking)
        || printf('. %s needs %.1fx the GPU-hours per epoch of %s',
                  worst_resource, worst / nullif(best, 0), best_resource)
        || coalesce('. Left out (too little evidence): ' || left_out, '') AS message,
    list_concat(items, [rec_ev('worst_over_best', worst / nullif(best, 0), 'x')],
                CASE WHEN left_out IS NOT NULL THEN [rec_ev_text('left_out', left_out)] ELSE [] END)
        AS evidence
FROM agg, out
WHERE n >= report_threshold('rank_resources', 'min_entries');

-- rank_findings: one row per ranking dimension (resources, GPU models) that has enough
-- ranked candidates: the candidates of ranking_evidence (kind 'resource' or 'gpu_model')
-- ranked by GPU-hours per completed epoch over all attempts of the epoch's node, lowest (best)
-- first. One query for both rankings; the rules rank_resources and rank_gpu_models
-- (342/343_rec_*.sql) each read their row. Shown when at least min_entries candidates of the
-- dimension are ranked (threshold min_entries of the rule); the ones left out are named with
-- the reason (ranking_evidence.left_out_reason).
--
-- Columns: as in rec_high_waste (rule = 'rank_resources' or 'rank_gpu_models', subject =
-- 'resources' or 'GPU models'). Evidence: one item per ranked candidate (name = the resource or
-- model, value = GPU-hours per epoch), worst_over_best (ratio of the highest to the lowest
-- GPU-hours per epoch) and left_out (text, when some candidates lack the evidence).
-- grain: rule
CREATE OR REPLACE VIEW rank_findings AS
WITH e AS (
    SELECT CASE kind WHEN 'resource' THEN 'rank_resources' ELSE 'rank_gpu_models' END AS rule,
           CASE kind WHEN 'resource' THEN 'resources' ELSE 'GPU models' END AS dimension,
           subject AS name, epochs, gpu_hours_per_epoch AS cost, ranked, left_out_reason
    FROM ranking_evidence
    WHERE kind IN ('resource', 'gpu_model')
),
out AS (
    SELECT rule, string_agg(printf('%s (%s)', name, left_out_reason), ', ' ORDER BY name) AS left_out
    FROM e
    WHERE NOT ranked
    GROUP BY rule
),
agg AS (
    SELECT
        rule,
        any_value(dimension) AS dimension,
        count(*) AS n,
        min(cost) AS best,
        max(cost) AS worst,
        arg_min(name, cost) AS best_name,
        arg_max(name, cost) AS worst_name,
        string_agg(printf('%s %.2f (%,d epochs)', name, cost, epochs),
                   '; ' ORDER BY cost, name) AS ranking,
        list(rec_ev(name, cost, 'GPU-hours per epoch') ORDER BY cost, name) AS items
    FROM e
    WHERE ranked
    GROUP BY rule
)
SELECT
    a.rule,
    a.dimension AS subject,
    'info' AS severity,
    worst / nullif(best, 0) AS weight,
    printf('GPU-hours per completed epoch (all attempts of the epoch''s node), lowest first: %s',
           ranking)
        || printf('. %s needs %.1fx the GPU-hours per epoch of %s',
                  worst_name, worst / nullif(best, 0), best_name)
        || coalesce('. Left out (too little evidence): ' || o.left_out, '') AS message,
    list_concat(items, [rec_ev('worst_over_best', worst / nullif(best, 0), 'x')],
                CASE WHEN o.left_out IS NOT NULL THEN [rec_ev_text('left_out', o.left_out)] ELSE [] END)
        AS evidence
FROM agg a
LEFT JOIN out o USING (rule)
WHERE a.n >= report_threshold(a.rule, 'min_entries');

-- rec_rank_gpu_models: one row ranking the GPU models by GPU-hours per completed epoch over all
-- attempts of the epoch's node (ranking_evidence.gpu_hours_per_epoch, from report_gpu_models:
-- an epoch and its node cost count on the model of its first successful attempt), lowest
-- (best) first. Only models with the evidence take part (ranking_evidence.ranked): at least
-- min_epochs completed epochs (threshold min_epochs = 5), at least min_gpu_hours_pct of the
-- GPU-hours in scope (threshold min_gpu_hours_pct = 2) and min_gpu_hours GPU-hours (threshold
-- min_gpu_hours = 1), never 'none' or 'unreported'. Shown when at least min_entries models qualify
-- (threshold min_entries = 2); the ones left out are named with the reason.
-- Thresholds: report_thresholds (rule 'rank_gpu_models').
-- Columns: as in rec_high_waste. Evidence: one item per ranked model (name = the
-- model, value = GPU-hours per epoch), worst_over_best (ratio of the highest to the lowest
-- GPU-hours per epoch) and left_out (text, when some models lack the evidence).
--
-- rule: rank_gpu_models
-- rule_order: 9
-- title: GPU models ranked by GPU-hours per epoch (all attempts of the epoch's node)
-- advice: Prefer the models at the top where you can choose (requirements on the GPU model).
-- fires_when: at least min_entries GPU models have the evidence to be ranked: min_epochs
--     completed epochs, min_gpu_hours_pct of the GPU-hours in scope and min_gpu_hours GPU-hours
--     ('none' and 'unreported' never); the others are named as left out
CREATE OR REPLACE VIEW rec_rank_gpu_models AS
WITH r AS (
    SELECT gpu_model, epochs, gpu_hours_per_epoch AS cost
    FROM ranking_evidence
    WHERE kind = 'gpu_model' AND ranked
),
out AS (
    SELECT string_agg(printf('%s (%s)', gpu_model, left_out_reason), ', ' ORDER BY gpu_model) AS left_out
    FROM ranking_evidence
    WHERE kind = 'gpu_model' AND NOT ranked
),
agg AS (
    SELECT
        count(*) AS n,
        min(cost) AS best,
        max(cost) AS worst,
        arg_min(gpu_model, cost) AS best_model,
        arg_max(gpu_model, cost) AS worst_model,
        string_agg(printf('%s %.2f (%,d epochs)', gpu_model, cost, epochs),
                   '; ' ORDER BY cost, gpu_model) AS ranking,
        list(rec_ev(gpu_model, cost, 'GPU-hours per epoch') ORDER BY cost, gpu_model) AS items
    FROM r
)
SELECT
    'rank_gpu_models' AS rule,
    'GPU models' AS subject,
    'info' AS severity,
    worst / nullif(best, 0) AS weight,
    printf('GPU-hours per completed epoch (all attempts of the epoch''s node), lowest first: %s',
           ranking)
        || printf('. %s needs %.1fx the GPU-hours per epoch of %s',
                  worst_model, worst / nullif(best, 0), best_model)
        || coalesce('. Left out (too little evidence): ' || left_out, '') AS message,
    list_concat(items, [rec_ev('worst_over_best', worst / nullif(best, 0), 'x')],
                CASE WHEN left_out IS NOT NULL THEN [rec_ev_text('left_out', left_out)] ELSE [] END)
        AS evidence
FROM agg, out
WHERE n >= report_threshold('rank_gpu_models', 'min_entries');

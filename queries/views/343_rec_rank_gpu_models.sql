-- rec_rank_gpu_models: one row ranking the GPU models by epochs per 100 GPU-hours
-- (report_gpu_models.epochs_per_100_gpu_hours), best first. Only models with at least
-- min_gpu_hours GPU-hours take part (threshold min_gpu_hours = 1); shown when at least
-- min_entries models qualify (threshold min_entries = 2) and one of them completed an epoch.
-- Thresholds: report_thresholds (rule 'rank_gpu_models').
-- Columns: as in rec_high_waste. Evidence: one item per model (name = the model, value =
-- epochs per 100 GPU-hours), plus best_over_worst (ratio, NULL when the worst is 0).
CREATE OR REPLACE VIEW rec_rank_gpu_models AS
WITH m AS (
    SELECT gpu_model, epochs, gpu_hours, median_hours_per_epoch,
           coalesce(epochs_per_100_gpu_hours, 0) AS rate
    FROM report_gpu_models
    WHERE gpu_model <> 'none'
      AND gpu_hours >= report_threshold('rank_gpu_models', 'min_gpu_hours')
),
agg AS (
    SELECT
        count(*) AS n,
        max(rate) AS best,
        min(rate) AS worst,
        arg_max(gpu_model, rate) AS best_model,
        arg_min(gpu_model, rate) AS worst_model,
        string_agg(printf('%s %.2f (%,d epochs / %,.1f GPU-hours)', gpu_model, rate, epochs, gpu_hours),
                   '; ' ORDER BY rate DESC, gpu_model) AS ranking,
        list(rec_ev(gpu_model, rate, 'epochs per 100 GPU-hours') ORDER BY rate DESC, gpu_model) AS items
    FROM m
)
SELECT
    'rank_gpu_models' AS rule,
    'GPU models' AS subject,
    'info' AS severity,
    best AS weight,
    printf('epochs per 100 GPU-hours, best first: %s', ranking)
        || CASE WHEN worst > 0 THEN printf('. %s gets %.1fx the epochs per GPU-hour of %s',
                                           best_model, best / worst, worst_model)
                ELSE printf('. %s completed no epoch', worst_model) END AS message,
    list_concat(items, [rec_ev('best_over_worst', best / nullif(worst, 0), 'x')]) AS evidence
FROM agg
WHERE n >= report_threshold('rank_gpu_models', 'min_entries') AND best > 0;

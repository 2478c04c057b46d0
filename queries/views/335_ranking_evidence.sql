-- ranking_evidence: one row per candidate of a ranking or of an efficiency figure, saying
-- whether it has the evidence to be ranked. A small sample does not headline: a resource or GPU
-- model is ranked only with at least min_epochs completed epochs AND at least
-- min_gpu_hours_pct % of the GPU-hours in scope (and min_gpu_hours GPU-hours); the resource
-- 'unknown' and the models 'none' (no GPU) and 'unreported' (no model name) never are.
-- Thresholds: report_thresholds, rule 'rank_resources' for resources, 'rank_gpu_models' for
-- GPU models and for (resource, GPU model) cells of the figures.
--
-- Columns:
--   kind                'resource' (from resource_summary), 'gpu_model' (report_gpu_models) or
--                       'resource_gpu_model' (gpu_model_efficiency)
--   resource, gpu_model the candidate (NULL for the level it is not about)
--   subject             its name: the resource, the model, or 'model @ resource'
--   epochs              completed epochs credited to it (first successful attempt)
--   gpu_hours           all its GPU-hours in scope; share_pct = gpu_hours / all GPU-hours x 100
--   gpu_hours_per_epoch GPU-hours per completed epoch over all attempts of the epoch's node
--   ranked              true when it has the evidence (the conditions above)
--   left_out_reason     why not, in words ('resource unknown', 'no GPU', 'model not recorded',
--                       'n < 5 epochs', '< 2% of GPU-hours',
--                       '< 1 GPU-hours'); NULL when ranked
-- grain: kind, subject
CREATE OR REPLACE VIEW ranking_evidence AS
WITH total AS (
    SELECT sum(gpu_hours) AS gpu_hours FROM compute_time_by_resource
),
c AS (
    SELECT 'resource' AS kind, resource, NULL AS gpu_model, resource AS subject, epochs,
           gpu_hours, gpu_hours_per_epoch,
           CASE WHEN resource = 'unknown' THEN 'resource unknown' END AS unknown_, 'rank_resources' AS rule
    FROM resource_summary
    UNION ALL
    SELECT 'gpu_model', NULL, gpu_model, gpu_model, epochs, gpu_hours, gpu_hours_per_epoch,
           CASE gpu_model WHEN 'none' THEN 'no GPU' WHEN 'unreported' THEN 'model not recorded' END,
           'rank_gpu_models'
    FROM report_gpu_models
    UNION ALL
    SELECT 'resource_gpu_model', resource, gpu_model, gpu_model || ' @ ' || resource, epochs,
           gpu_hours, gpu_hours_per_epoch,
           CASE WHEN resource = 'unknown' THEN 'resource unknown' WHEN gpu_model = 'none' THEN 'no GPU'
                WHEN gpu_model = 'unreported' THEN 'model not recorded' END, 'rank_gpu_models'
    FROM gpu_model_efficiency
),
judged AS (
    SELECT c.*,
           pct_of(c.gpu_hours, total.gpu_hours) AS share_pct,
           CASE
               WHEN unknown_ IS NOT NULL THEN unknown_
               WHEN epochs < report_threshold(rule, 'min_epochs')
                   THEN printf('n < %g epochs', report_threshold(rule, 'min_epochs'))
               WHEN coalesce(pct_of(c.gpu_hours, total.gpu_hours), 0)
                    < report_threshold(rule, 'min_gpu_hours_pct')
                   THEN printf('< %g%% of GPU-hours', report_threshold(rule, 'min_gpu_hours_pct'))
               WHEN c.gpu_hours < report_threshold(rule, 'min_gpu_hours')
                   THEN printf('< %g GPU-hours', report_threshold(rule, 'min_gpu_hours'))
           END AS left_out_reason
    FROM c, total
)
SELECT kind, resource, gpu_model, subject, epochs, gpu_hours, share_pct, gpu_hours_per_epoch,
       left_out_reason IS NULL AND gpu_hours_per_epoch IS NOT NULL AS ranked,
       left_out_reason
FROM judged
ORDER BY kind, ranked DESC, gpu_hours_per_epoch NULLS LAST, subject;
